# SPDX-License-Identifier: Apache-2.0
# Finds every third-party dependency once and bundles them as timeline::deps.
# Debian 12 ships CMake configs for fmt, simdjson, CLI11 and doctest; RE2 and
# xxHash only ship pkg-config files; date is header-only.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(fmt REQUIRED)
find_package(simdjson REQUIRED)
find_package(CLI11 REQUIRED)
find_package(SQLite3 REQUIRED)

find_package(re2 CONFIG QUIET)
if(NOT TARGET re2::re2)
  pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
  add_library(re2::re2 ALIAS PkgConfig::RE2)
endif()
pkg_check_modules(XXHASH REQUIRED IMPORTED_TARGET libxxhash)

find_path(DATE_INCLUDE_DIR date/date.h REQUIRED)

add_library(timeline_deps INTERFACE)
add_library(timeline::deps ALIAS timeline_deps)
target_include_directories(timeline_deps SYSTEM INTERFACE ${DATE_INCLUDE_DIR})
target_link_libraries(timeline_deps INTERFACE
  fmt::fmt re2::re2 simdjson::simdjson CLI11::CLI11 SQLite::SQLite3
  PkgConfig::XXHASH Threads::Threads)
