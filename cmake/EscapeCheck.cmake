# escape_check_lint(): a lint target that runs escape-check over a target's
# sources with their own compile commands, one build step per translation
# unit.
#
#   escape_check_lint(<target> [LEVEL n] [NO_INLINE]
#                     [FORMAT text|json|sarif] [OUTPUT file]
#                     [ERROR_ON kinds] [BASELINE file] [CACHE dir])
#
# adds <target>-escape-check and makes the aggregate `escape-check` target
# depend on it. Each source gets its own custom command writing a JSON report
# (so Ninja runs them in parallel and, after an edit, reruns only the steps
# whose source or headers changed); one `escape-check merge` step combines
# them into the target's report and applies ERROR_ON/BASELINE. CACHE keeps
# results in <dir> (escape-check --cache) for fresh build trees and CI. See
# docs/cmake.md.
include_guard(GLOBAL)
cmake_minimum_required(VERSION 3.20)

function(escape_check_lint target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "NO_INLINE"
    "LEVEL;FORMAT;OUTPUT;BASELINE;CACHE" "ERROR_ON")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR
      "escape_check_lint(${target}): unknown arguments: ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT TARGET ${target})
    message(FATAL_ERROR "escape_check_lint: '${target}' is not a target")
  endif()
  if(NOT TARGET EscapeCheck::escape-check)
    message(FATAL_ERROR "escape_check_lint: no EscapeCheck::escape-check "
      "(find_package(EscapeCheck REQUIRED) first)")
  endif()
  if(NOT DEFINED ARG_FORMAT)
    set(ARG_FORMAT json)
  endif()
  if(NOT ARG_FORMAT MATCHES "^(text|json|sarif)$")
    message(FATAL_ERROR "escape_check_lint(${target}): FORMAT must be "
      "text, json or sarif, not '${ARG_FORMAT}'")
  endif()
  if(DEFINED ARG_LEVEL AND NOT ARG_LEVEL MATCHES "^[1-9]$")
    message(FATAL_ERROR "escape_check_lint(${target}): LEVEL must be a "
      "number (1 = decisions, 2 = reasons and flows), not '${ARG_LEVEL}'")
  endif()
  string(REPLACE "," ";" ARG_ERROR_ON "${ARG_ERROR_ON}")  # "heap,local" too
  foreach(kind IN LISTS ARG_ERROR_ON)
    if(NOT kind MATCHES "^(heap|local|param|inline|escape)$")
      message(FATAL_ERROR "escape_check_lint(${target}): ERROR_ON takes "
        "heap, local, param, inline or escape, not '${kind}'")
    endif()
  endforeach()

  set(ext ${ARG_FORMAT})
  if(ext STREQUAL "text")
    set(ext txt)
  endif()
  if(NOT ARG_OUTPUT)
    set(ARG_OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/${target}.escape-check.${ext})
  endif()
  cmake_path(ABSOLUTE_PATH ARG_OUTPUT BASE_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}
    NORMALIZE)
  if(ARG_BASELINE)
    cmake_path(ABSOLUTE_PATH ARG_BASELINE
      BASE_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR} NORMALIZE)
    if(NOT EXISTS "${ARG_BASELINE}")
      # Said now, rather than as Ninja's "missing and no known rule".
      message(FATAL_ERROR "escape_check_lint(${target}): BASELINE "
        "'${ARG_BASELINE}' does not exist (make one with FORMAT json, see docs/cmake.md)")
    endif()
  endif()

  if(ARG_CACHE)
    cmake_path(ABSOLUTE_PATH ARG_CACHE BASE_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}
      NORMALIZE)
  endif()

  set(lint ${target}-escape-check)
  add_custom_target(${lint})
  if(NOT TARGET escape-check)
    add_custom_target(escape-check)
  endif()
  add_dependencies(escape-check ${lint})
  set_property(TARGET ${lint} PROPERTY ESCAPE_CHECK_REPORT ${ARG_OUTPUT})

  # The steps are added when this directory has been read completely, so
  # sources added by a later target_sources() are linted too.
  cmake_language(EVAL CODE "
    cmake_language(DEFER CALL _escape_check_lint_steps [[${target}]]
      [[${ARG_LEVEL}]] [[${ARG_NO_INLINE}]] [[${ARG_FORMAT}]]
      [[${ARG_OUTPUT}]] [[${ARG_ERROR_ON}]] [[${ARG_BASELINE}]] [[${ARG_CACHE}]])")
endfunction()

function(_escape_check_lint_steps target level no_inline format output
         error_on baseline cache)
  set(lint ${target}-escape-check)
  set(exe EscapeCheck::escape-check)
  set(source_extensions cpp cc cxx c++ cp CPP C c)
  get_target_property(srcdir ${target} SOURCE_DIR)
  get_target_property(bindir ${target} BINARY_DIR)
  get_target_property(sources ${target} SOURCES)
  if(NOT sources)
    set(sources)
  endif()
  set(workdir ${CMAKE_CURRENT_BINARY_DIR}/escape-check/${target})

  # The target's own flags are its real compile lines, read from the
  # compile_commands.json the generator writes: whatever CMake puts on the
  # line (usage requirements, -isystem for imported targets, implicit include
  # directories left out, $<COMPILE_LANGUAGE> options, per-source
  # properties, the configuration's flags) is what the analysis sees. A
  # reconstruction from target properties cannot be exact: it put
  # /usr/include ahead of the compiler's own directories (fmt::fmt) and
  # cannot evaluate Threads::Threads' $<COMPILE_LANG_AND_ID>.
  if(NOT CMAKE_GENERATOR MATCHES "Ninja|Makefiles")
    message(FATAL_ERROR "escape_check_lint(${target}): needs the Ninja or a "
      "Makefile generator (the lint reads the compile commands they export), "
      "not '${CMAKE_GENERATOR}'")
  endif()
  set_property(TARGET ${target} PROPERTY EXPORT_COMPILE_COMMANDS ON)
  # CMake rewrites the database at every configure; the steps read a copy
  # that changes only when a compile line does, so a configure that changes
  # no flag reruns nothing (Ninja's restat, make's timestamps).
  set(database_dir "${CMAKE_BINARY_DIR}/escape-check")
  set(database "${database_dir}/compile_commands.json")
  if(NOT TARGET escape-check-compile-commands)
    add_custom_command(OUTPUT "${database_dir}/compile_commands.stamp"
      BYPRODUCTS "${database}"
      COMMAND ${CMAKE_COMMAND} -E copy_if_different
              "${CMAKE_BINARY_DIR}/compile_commands.json" "${database}"
      COMMAND ${CMAKE_COMMAND} -E touch "${database_dir}/compile_commands.stamp"
      DEPENDS "${CMAKE_BINARY_DIR}/compile_commands.json"
      COMMENT "escape-check: compile commands"
      VERBATIM)
    add_custom_target(escape-check-compile-commands
      DEPENDS "${database_dir}/compile_commands.stamp")
  endif()
  add_dependencies(${lint} escape-check-compile-commands)

  set(tool_args --format=json -p "${database_dir}")
  if(level)
    list(APPEND tool_args -m=${level})
  endif()
  if(no_inline)
    list(APPEND tool_args -no-inline)
  endif()
  if(cache)
    list(APPEND tool_args --cache=${cache})
  endif()

  set(reports)
  foreach(src IN LISTS sources)
    if(src MATCHES "\\$<")
      continue()  # generator expressions (e.g. $<TARGET_OBJECTS>) are not TUs
    endif()
    get_filename_component(ext "${src}" LAST_EXT)
    string(REGEX REPLACE "^\\." "" ext "${ext}")
    if(NOT ext IN_LIST source_extensions)
      continue()
    endif()
    get_source_file_property(header_only "${src}" TARGET_DIRECTORY ${target}
      HEADER_FILE_ONLY)
    if(header_only)
      continue()
    endif()
    if(IS_ABSOLUTE "${src}")
      set(abs "${src}")
    elseif(EXISTS "${srcdir}/${src}")
      set(abs "${srcdir}/${src}")
    else()
      set(abs "${bindir}/${src}")  # generated into the build tree
    endif()
    cmake_path(NORMAL_PATH abs)
    cmake_path(RELATIVE_PATH abs BASE_DIRECTORY "${srcdir}" OUTPUT_VARIABLE rel)
    string(REPLACE "../" "__/" rel "${rel}")
    set(json "${workdir}/${rel}.json")

    # Headers count: escape-check's own front end writes the depfile
    # (Ninja and, since CMake 3.20, the Makefile generators read it).
    set(dep_args DEPFILE "${json}.d")
    set(dep_flags --extra-arg=-MD "--extra-arg=-MF${json}.d"
                  "--extra-arg=-MT${json}")

    get_filename_component(json_dir "${json}" DIRECTORY)
    file(MAKE_DIRECTORY "${json_dir}")
    add_custom_command(OUTPUT "${json}"
      ${dep_args}
      COMMAND $<TARGET_FILE:${exe}> ${tool_args} ${dep_flags}
              -o "${json}" "${abs}"
      DEPENDS "${abs}" "${database}" $<TARGET_FILE:${exe}>
      # Report paths are relative to the top source directory, which is what
      # GitHub code scanning wants (repository-relative).
      WORKING_DIRECTORY "${CMAKE_SOURCE_DIR}"
      COMMENT "escape-check ${target}: ${rel}"
      COMMAND_EXPAND_LISTS
      VERBATIM)
    list(APPEND reports "${json}")
  endforeach()

  if(NOT reports)
    message(WARNING "escape_check_lint(${target}): the target has no C or C++ sources")
    return()
  endif()

  set(policy)
  if(error_on)
    list(JOIN error_on "," kinds)
    list(APPEND policy --error-on=${kinds})
  endif()
  set(merge_depends)
  if(baseline)
    list(APPEND policy --baseline=${baseline})
    list(APPEND merge_depends ${baseline})
  endif()
  # The stamp exists only while the policy passes, so a failing lint fails
  # again on the next build (with any generator) instead of looking up to date;
  # the report is written either way.
  set(stamp "${workdir}/${target}.stamp")
  get_filename_component(output_dir "${output}" DIRECTORY)
  add_custom_command(OUTPUT "${stamp}"
    BYPRODUCTS "${output}"
    COMMAND ${CMAKE_COMMAND} -E rm -f "${stamp}"
    # Ninja makes the directories of outputs, the Makefile generators do not.
    COMMAND ${CMAKE_COMMAND} -E make_directory "${output_dir}"
    COMMAND $<TARGET_FILE:${exe}> merge
            --format=${format} ${policy} -o "${output}" ${reports}
    COMMAND ${CMAKE_COMMAND} -E touch "${stamp}"
    DEPENDS ${reports} ${merge_depends} $<TARGET_FILE:${exe}>
    WORKING_DIRECTORY "${CMAKE_SOURCE_DIR}"
    COMMENT "escape-check ${target}: report ${output}"
    VERBATIM)
  target_sources(${lint} PRIVATE "${stamp}")
endfunction()
