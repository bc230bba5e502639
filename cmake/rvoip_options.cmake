# Compiler flags shared by every rvoip target, applied through rvoip_set_options().

add_library(rvoip_options INTERFACE)
add_library(rvoip::options ALIAS rvoip_options)

target_compile_options(rvoip_options INTERFACE
    $<$<CXX_COMPILER_ID:GNU,Clang>:-Wall -Wextra -Wpedantic -Wshadow -Wconversion
        -Wno-sign-conversion -Wold-style-cast -Woverloaded-virtual>)
if(RVOIP_WERROR)
    target_compile_options(rvoip_options INTERFACE $<$<CXX_COMPILER_ID:GNU,Clang>:-Werror>)
endif()

if(RVOIP_SANITIZE)
    add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined
        -fno-omit-frame-pointer)
    add_link_options(-fsanitize=address,undefined)
endif()

if(RVOIP_BUILD_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
        message(FATAL_ERROR "RVOIP_BUILD_FUZZ needs clang (libFuzzer)")
    endif()
    add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
    add_link_options(-fsanitize=address,undefined)
endif()

# rvoip_set_options(target): the warning set for code we own; never exported to consumers.
function(rvoip_set_options target)
    target_link_libraries(${target} PRIVATE $<BUILD_INTERFACE:rvoip_options>)
endfunction()
