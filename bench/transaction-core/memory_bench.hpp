#pragma once
// The in-process figures of bench-transaction-core: calls (INVITE, ACK, BYE) through a whole
// transaction layer over the in-memory network, no sockets.

#include <string>

namespace rvoip::bench {

/// A message of the SIP corpus (tests/corpus), whole; throws when it cannot be read.
std::string read_corpus(char const* name);

/// Server transactions per second (INVITE and BYE, each answered 200; the ACK taken; Timers L
/// and J fired) through one layer on one core, for about `seconds`.
double layer_transactions_per_s(double seconds);

/// Heap bytes a live, answered server INVITE transaction holds in the layer (state, tables,
/// timers; its request is let go after the final response, the 2xx is not kept: RFC 6026).
double layer_bytes_per_transaction();

/// Client requests sent per second through one layer, each built by sip::message_builder and
/// handed down either as its text (which the layer parses again) or as the built message.
struct send_rates
{
    double text_per_s = 0;
    double message_per_s = 0;
};
send_rates layer_send_rates(double seconds);

} // namespace rvoip::bench
