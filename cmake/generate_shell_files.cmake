# cmake -DLABELKIT=<labelkit binary> -DOUTPUT=<folder> -P generate_shell_files.cmake: the man page
# and the bash, zsh and fish completions, as `labelkit man` and `labelkit completion SHELL` print
# them, in OUTPUT/share/ laid out as install.cmake installs them.
# In a sanitizer build (make test-sanitize) a leak report at exit would fail the build: the tests
# look for leaks, not this step.
set(ENV{ASAN_OPTIONS} "detect_leaks=0")

function(generate file)
  get_filename_component(folder "${OUTPUT}/${file}" DIRECTORY)
  file(MAKE_DIRECTORY "${folder}")
  execute_process(COMMAND "${LABELKIT}" ${ARGN} OUTPUT_FILE "${OUTPUT}/${file}.new" RESULT_VARIABLE status
                  ERROR_VARIABLE error)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "labelkit ${ARGN} failed (${status}): ${error}")
  endif()
  file(RENAME "${OUTPUT}/${file}.new" "${OUTPUT}/${file}")
endfunction()

generate(share/man/man1/labelkit.1 man)
generate(share/bash-completion/completions/labelkit completion bash)
generate(share/zsh/vendor-completions/_labelkit completion zsh)
generate(share/fish/vendor_completions.d/labelkit.fish completion fish)
