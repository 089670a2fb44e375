# Read by ctest when it starts (TEST_INCLUDE_FILES, set in CMakeLists.txt, which also sets
# LABELKIT, TESTS, CMAKE and DIR): one test per rule that the built labelkit declares, named
# lint_rule:<id>, running only that rule's subcase of lint_rule_cases.cpp. A new rule thus gets
# its entry by itself, and fails it until lint_rule_cases.cpp has a case for it.

# A test that fails, saying why.
function(failing_test name why)
  add_test("${name}" "${CMAKE}" -E echo "${why}")
  set_tests_properties("${name}" PROPERTIES WILL_FAIL TRUE)
endfunction()

execute_process(COMMAND "${LABELKIT}" lint --list-rules --format json
                OUTPUT_VARIABLE listing RESULT_VARIABLE status ERROR_VARIABLE problem)
set(count 0)
if(status EQUAL 0)
  string(JSON count ERROR_VARIABLE problem LENGTH "${listing}" rules)
endif()
if(NOT count GREATER 0)
  failing_test(lint_rule:list-rules "labelkit lint --list-rules listed no rule: ${status} ${problem}")
  return()
endif()
math(EXPR last "${count} - 1")
foreach(index RANGE ${last})
  string(JSON id GET "${listing}" rules ${index} id)
  # doctest's filters split at ',' and ';' and take '*' and '?' as wildcards: ids have none.
  set(name "lint_rule:${id}")
  if(NOT id MATCHES "^[a-z0-9-]+/[a-z0-9-]+$")
    failing_test("${name}" "the rule id '${id}' cannot be a doctest --subcase filter")
    continue()
  endif()
  set(arguments "--source-file=*/lint_rule_cases.cpp" "--subcase=${id}")
  set(labels lint_rule)
  # The one case that copies a file of the shared corpus (../shared): skipped without it, as the
  # test files' needs-shared parts are (tests/main.cpp), unless CI is set.
  if(id STREQUAL "image/extension-mismatch")
    list(APPEND arguments --skip-without-shared)
    set(labels "lint_rule;shared")
  endif()
  add_test("${name}" "${TESTS}" ${arguments})
  # A filter that matched nothing would pass with no assertion at all.
  set_tests_properties("${name}" PROPERTIES WORKING_DIRECTORY "${DIR}" LABELS "${labels}" SKIP_RETURN_CODE 77
                       FAIL_REGULAR_EXPRESSION "assertions: +0 \\|")
endforeach()
