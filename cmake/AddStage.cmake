# SPDX-License-Identifier: Apache-2.0
# timeline_add_stage(name SOURCES a.cc b.cc): adds a stage's sources to
# timeline_core. Its data/ folder is embedded by timeline_embed_data.
function(timeline_add_stage name)
  cmake_parse_arguments(ARG "" "" "SOURCES" ${ARGN})
  set(_srcs "")
  foreach(src IN LISTS ARG_SOURCES)
    list(APPEND _srcs ${CMAKE_CURRENT_SOURCE_DIR}/${name}/${src})
  endforeach()
  target_sources(timeline_core PRIVATE ${_srcs})
endfunction()
