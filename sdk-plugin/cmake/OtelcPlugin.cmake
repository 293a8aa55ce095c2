# otelc_add_plugin(<target> SOURCES <src>... [LIBRARIES <lib>...]
#                  [OUTPUT_NAME <name>])
#
# Builds an otelc plugin: a MODULE library named <name>.so (no "lib"
# prefix; <name> defaults to <target>, conventionally <kind>_<type>) that
#  - sees only the SDK headers <otelc/*.h>,
#  - compiles with hidden visibility and exports only otelc_plugin_v1
#    (linker version script),
#  - links with -z defs: a plugin gets every host service through the
#    otelc_host_api table, so any undefined symbol is a bug caught at link
#    time instead of at dlopen() time.
#
# Inside the otelc source tree (OTELC_PLUGIN_OUTPUT_DIR is set) the plugin
# is written next to the collector's other plugins, where bin/otelc finds
# it without flags. Elsewhere it lands in the project's build directory,
# ready for `otelc --plugin-dir <build dir>`. `cmake --install` copies it to
# ${OTELC_PLUGIN_INSTALL_DIR} (default lib/otelc/plugins under the
# project's install prefix).

# CMAKE_CURRENT_FUNCTION_LIST_DIR (3.17+) finds the map file both in the
# source tree and in an installed package, whatever directory calls us.
# (A version check, not cmake_minimum_required(), which would reset the
# including project's policies.)
if(CMAKE_VERSION VERSION_LESS 3.17)
  message(FATAL_ERROR "otelc-sdk needs CMake 3.17 or newer")
endif()

if(NOT DEFINED OTELC_PLUGIN_INSTALL_DIR)
  set(OTELC_PLUGIN_INSTALL_DIR lib/otelc/plugins)
endif()

function(otelc_add_plugin target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "OUTPUT_NAME" "SOURCES;LIBRARIES")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR
      "otelc_add_plugin(${target}): unknown arguments ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "otelc_add_plugin(${target}): SOURCES is required")
  endif()
  if(NOT ARG_OUTPUT_NAME)
    set(ARG_OUTPUT_NAME ${target})
  endif()
  if(NOT TARGET otelc::sdk)
    message(FATAL_ERROR
      "otelc_add_plugin(${target}): target otelc::sdk is missing; "
      "use find_package(otelc-sdk REQUIRED) before calling it")
  endif()

  set(_map ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/otelc-plugin.map)

  add_library(${target} MODULE ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE otelc::sdk ${ARG_LIBRARIES})
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    OUTPUT_NAME ${ARG_OUTPUT_NAME}
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    POSITION_INDEPENDENT_CODE ON
    LINK_DEPENDS ${_map})
  target_link_options(${target} PRIVATE "LINKER:--version-script=${_map}")

  # clang does not link its sanitizer runtimes into shared objects (the
  # executable provides them), so their symbols are undefined in the
  # plugin: -z defs cannot hold for clang sanitizer builds.
  set(_defs ON)
  if(OTELC_SANITIZE AND CMAKE_C_COMPILER_ID MATCHES "Clang")
    set(_defs OFF)
  endif()
  if(_defs)
    target_link_options(${target} PRIVATE "LINKER:-z,defs")
  endif()

  if(DEFINED OTELC_PLUGIN_OUTPUT_DIR)
    set_target_properties(${target} PROPERTIES
      LIBRARY_OUTPUT_DIRECTORY ${OTELC_PLUGIN_OUTPUT_DIR})
  endif()
  install(TARGETS ${target} LIBRARY DESTINATION ${OTELC_PLUGIN_INSTALL_DIR})
endfunction()
