# cmake -DLIB=<libpostventa.so> -DEXPECTED=libpostventa.so.<major> -DREADELF=<readelf>
#       [-DCONSUMER=<program>] -P check_soname.cmake
#
# The shared library's SONAME carries the major version (SPEC §9.1). With
# CONSUMER, also checks that the program loads the library by that SONAME (so
# the C tests really go through the shared library, not the static core).
cmake_minimum_required(VERSION 3.22)

foreach(var LIB EXPECTED READELF)
  if(NOT ${var})
    message(FATAL_ERROR "check_soname.cmake: -D${var}=... is required")
  endif()
endforeach()

function(dynamic_section file out)
  execute_process(COMMAND "${READELF}" -d "${file}"
    OUTPUT_VARIABLE text ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${READELF} -d ${file} failed (${rc}): ${err}")
  endif()
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

dynamic_section("${LIB}" lib_dynamic)
if(NOT lib_dynamic MATCHES "\\(SONAME\\)[^\n]*\\[([^]\n]+)\\]")
  message(FATAL_ERROR "${LIB} has no SONAME:\n${lib_dynamic}")
endif()
set(soname "${CMAKE_MATCH_1}")
if(NOT soname STREQUAL EXPECTED)
  message(FATAL_ERROR "SONAME of ${LIB} is '${soname}', expected '${EXPECTED}'")
endif()
message(STATUS "OK: SONAME ${soname}")

if(CONSUMER)
  dynamic_section("${CONSUMER}" consumer_dynamic)
  string(FIND "${consumer_dynamic}" "(NEEDED)" has_needed)
  string(FIND "${consumer_dynamic}" "[${EXPECTED}]" has_soname)
  if(has_needed EQUAL -1 OR has_soname EQUAL -1)
    message(FATAL_ERROR "${CONSUMER} does not load ${EXPECTED}:\n${consumer_dynamic}")
  endif()
  message(STATUS "OK: ${CONSUMER} loads ${EXPECTED}")
endif()
