# SPDX-License-Identifier: Apache-2.0
# timeline_set_sanitizers(target): -fsanitize=<TIMELINE_SANITIZE> when set.
function(timeline_set_sanitizers target)
  if(TIMELINE_SANITIZE)
    string(REPLACE ";" "," _san "${TIMELINE_SANITIZE}")
    target_compile_options(${target} PRIVATE -fsanitize=${_san} -fno-omit-frame-pointer
      -fno-sanitize-recover=all)
    target_link_options(${target} PUBLIC -fsanitize=${_san})
  endif()
endfunction()
