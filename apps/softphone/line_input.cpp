#include "line_input.hpp"

#include <editline/readline.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string_view>

namespace rvoip::softphone {

namespace {

constexpr std::array<char const*, 18> commands{"answer", "attended", "call",    "calls",  "dtmf",     "hangup",
                                               "help",   "hold",     "message", "mute",   "quit",     "register",
                                               "reject", "resume",   "stats",   "transfer", "unmute", "unregister"};

// The next command name that begins with `text` (state 0: start over), malloc'ed as readline
// wants it; null when there is none.
char* next_command(char const* text, int state)
{
    static std::size_t at = 0;
    if (state == 0)
        at = 0;
    std::string_view const prefix(text);
    while (at < commands.size()) {
        char const* name = commands[at++];
        if (std::string_view(name).starts_with(prefix))
            return strdup(name);
    }
    return nullptr;
}

// Command names complete the first word only; the arguments (URIs, ids, digits) are free text.
char** complete(char const* text, int start, int)
{
    rl_attempted_completion_over = 1; // no file names
    if (start != 0)
        return nullptr;
    return rl_completion_matches(text, next_command);
}

std::string history_file()
{
    char const* home = std::getenv("HOME");
    return home && *home ? std::string(home) + "/.rvoip_softphone_history" : std::string();
}

} // namespace

void read_commands(std::function<void(std::string)> const& on_line)
{
    if (!isatty(STDIN_FILENO)) {
        for (std::string line; std::getline(std::cin, line);)
            on_line(line);
        return;
    }
    rl_readline_name = "softphone";
    rl_attempted_completion_function = complete;
    auto const file = history_file();
    using_history();
    stifle_history(500);
    if (!file.empty())
        (void)read_history(file.c_str());
    while (char* text = readline("softphone> ")) {
        std::string line(text);
        std::free(text);
        if (line.find_first_not_of(" \t") != std::string::npos) {
            add_history(line.c_str());
            if (!file.empty())
                (void)write_history(file.c_str());
        }
        on_line(line);
    }
    on_line("quit"); // Ctrl-D at the prompt
}

} // namespace rvoip::softphone
