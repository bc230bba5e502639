#include "output.hpp"

#include <boost/json/serialize.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <iostream>

namespace rvoip::softphone {

namespace {

/// JSON text like boost::json::serialize, but numbers as people and scripts write them
/// (4.38, not Boost 1.81's 4.38E0).
void write(std::string& out, boost::json::value const& v)
{
    switch (v.kind()) {
    case boost::json::kind::double_: {
        double const d = v.get_double();
        if (!std::isfinite(d)) {
            out += "null";
            break;
        }
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.10g", d);
        out += buf;
        break;
    }
    case boost::json::kind::object: {
        out += '{';
        bool first = true;
        for (auto const& f : v.get_object()) {
            if (!first)
                out += ',';
            first = false;
            out += boost::json::serialize(boost::json::string_view(f.key()));
            out += ':';
            write(out, f.value());
        }
        out += '}';
        break;
    }
    case boost::json::kind::array: {
        out += '[';
        bool first = true;
        for (auto const& e : v.get_array()) {
            if (!first)
                out += ',';
            first = false;
            write(out, e);
        }
        out += ']';
        break;
    }
    default: out += boost::json::serialize(v);
    }
}

} // namespace

std::string iso_time()
{
    auto const now = std::chrono::system_clock::now();
    auto const t = std::chrono::system_clock::to_time_t(now);
    auto const ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
    return buf;
}

void output::event(boost::json::object fields, std::string_view line_text)
{
    std::lock_guard lock(mutex_);
    if (format_ == event_format::json) {
        boost::json::object line;
        line["event"] = fields["event"];
        line["time"] = iso_time();
        for (auto& f : fields)
            if (f.key() != "event")
                line[f.key()] = std::move(f.value());
        std::string text;
        write(text, line);
        std::cout << text << std::endl;
    } else {
        std::cout << line_text << std::endl;
    }
}

void output::error(std::string_view category, std::string_view message)
{
    event({{"event", "error"}, {"category", category}, {"message", message}},
          "error (" + std::string(category) + "): " + std::string(message));
}

void output::log(log_level level, std::string_view message)
{
    if (level < level_)
        return;
    static constexpr std::string_view names[] = {"trace", "debug", "info", "warn", "error"};
    std::lock_guard lock(mutex_);
    std::cerr << names[static_cast<int>(level)] << ": " << message << std::endl;
}

void output::say(std::string_view text)
{
    std::lock_guard lock(mutex_);
    std::cout << text << std::endl;
}

} // namespace rvoip::softphone
