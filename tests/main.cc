// SPDX-License-Identifier: Apache-2.0
// The one test binary's entry point.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
