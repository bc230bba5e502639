#pragma once
// What the softphone prints: one event per line on stdout, as a human-readable line or as one
// JSON object (`--events json`, ../shared/CONTRACT.md), and diagnostics on stderr. Safe to use
// from any thread.

#include "options.hpp"

#include <boost/json/object.hpp>

#include <mutex>
#include <string>
#include <string_view>

namespace rvoip::softphone {

class output
{
public:
    output(event_format format, log_level level) : format_(format), level_(level) {}

    /// An event: `fields` holds "event" and the event's fields ("time" is added); `text` is the
    /// line a person reads.
    void event(boost::json::object fields, std::string_view text);
    /// An `error` event: category (invalid_uri, call_not_found, media, network, configuration,
    /// protocol) and a message that says what to do.
    void error(std::string_view category, std::string_view message);
    /// A diagnostic line on stderr, shown at the configured level or above.
    void log(log_level level, std::string_view message);
    /// A line on stdout for a person only (help, call lists in text mode).
    void say(std::string_view text);

    event_format format() const noexcept { return format_; }

private:
    std::mutex mutex_;
    event_format format_;
    log_level level_;
};

/// Now as ISO 8601 UTC with milliseconds ("2026-12-07T15:51:37.123Z").
std::string iso_time();

} // namespace rvoip::softphone
