# libFuzzer targets (preset `fuzz`, clang), each run for a bounded time as a CTest test.

# rvoip_add_fuzz_target(NAME <target and test> SOURCE <file.cpp> LIBRARY <target> LABEL <layer>
#                       [MAX_LEN <bytes>] [SEEDS <dir>...] [INCLUDES <dir>...])
# Runs for $ENV{RVOIP_FUZZ_SECONDS} seconds (20 by default) with leak detection, on a corpus
# directory of its own (made by a fixture, so that it exists however the build tree came) and
# the seed directories given; labels "fuzz;<layer>".
function(rvoip_add_fuzz_target)
    cmake_parse_arguments(F "" "NAME;SOURCE;LIBRARY;LABEL;MAX_LEN" "SEEDS;INCLUDES" ${ARGN})
    if(DEFINED ENV{RVOIP_FUZZ_SECONDS})
        set(seconds $ENV{RVOIP_FUZZ_SECONDS})
    else()
        set(seconds 20)
    endif()
    if(NOT F_MAX_LEN)
        set(F_MAX_LEN 8192)
    endif()
    add_executable(${F_NAME} ${F_SOURCE})
    target_link_libraries(${F_NAME} PRIVATE ${F_LIBRARY})
    target_link_options(${F_NAME} PRIVATE -fsanitize=fuzzer)
    if(F_INCLUDES)
        target_include_directories(${F_NAME} PRIVATE ${F_INCLUDES})
    endif()
    set(corpus ${CMAKE_CURRENT_BINARY_DIR}/corpus-${F_NAME})
    add_test(NAME ${F_NAME}-corpus COMMAND ${CMAKE_COMMAND} -E make_directory ${corpus})
    set_tests_properties(${F_NAME}-corpus PROPERTIES FIXTURES_SETUP ${F_NAME}-corpus LABELS "fuzz;${F_LABEL}")
    add_test(NAME ${F_NAME}
        COMMAND ${CMAKE_COMMAND} -E env ASAN_OPTIONS=detect_leaks=1
            $<TARGET_FILE:${F_NAME}> -max_total_time=${seconds} -rss_limit_mb=1024
            -max_len=${F_MAX_LEN} -print_final_stats=1 ${corpus} ${F_SEEDS})
    set_tests_properties(${F_NAME} PROPERTIES LABELS "fuzz;${F_LABEL}" TIMEOUT 600
        FIXTURES_REQUIRED ${F_NAME}-corpus)
endfunction()

# rvoip_fuzz_seeds(<var> <glob>...): copies the files the globs match into one directory of
# the build (seeds gathered from several places) and sets <var> to it.
function(rvoip_fuzz_seeds var)
    set(dir ${CMAKE_CURRENT_BINARY_DIR}/seeds)
    file(GLOB files ${ARGN})
    file(MAKE_DIRECTORY ${dir})
    file(COPY ${files} DESTINATION ${dir})
    set(${var} ${dir} PARENT_SCOPE)
endfunction()
