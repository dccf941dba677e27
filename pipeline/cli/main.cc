// SPDX-License-Identifier: Apache-2.0
// timeline: raw news articles -> one dated, deduplicated timeline of events.
#include "pipeline/cli/commands.h"

int main(int argc, char** argv) { return timeline::cli::Main(argc, argv); }
