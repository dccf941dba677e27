// SPDX-License-Identifier: Apache-2.0
// The `timeline` command line: run, extract, merge, timex, stages, rules.
#pragma once

namespace timeline::cli {

// Parses argv and runs a command. Returns the exit status: 0 all inputs
// processed; 1 some inputs failed (the output of the others is written);
// 2 usage error (or the rule data failed to load).
int Main(int argc, char** argv);

}  // namespace timeline::cli
