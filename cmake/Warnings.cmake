# SPDX-License-Identifier: Apache-2.0
# timeline_set_warnings(target): our warning flags, applied per target only.
function(timeline_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
    -Wnon-virtual-dtor -Wimplicit-fallthrough)
  if(TIMELINE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
