// SPDX-License-Identifier: Apache-2.0
// The one formatter of diagnostics: "PATH[:LINE]: reason".
#include <fmt/format.h>

#include "pipeline/result.h"

namespace timeline {

std::string Diagnostic::Format() const {
  if (path.empty()) return message;
  if (line == 0) return fmt::format("{}: {}", path, message);
  return fmt::format("{}:{}: {}", path, line, message);
}

}  // namespace timeline
