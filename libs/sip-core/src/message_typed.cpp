// message: the optional typed headers beyond the core ones (authentication, media types, events,
// session timers, reliable provisionals, token lists and the rest), parsed on first call.
#include <rvoip/sip/message.hpp>

#include <rvoip/sip/expires.hpp>
#include <rvoip/sip/token_list.hpp>
#include <rvoip/sip/user_agent.hpp>

#include "lazy.hpp"
#include "message_impl.hpp"
#include "parse_into.hpp"

namespace rvoip::sip {
namespace {

using detail::fill_list;
using detail::fill_value;
using detail::fill_value_into;
using detail::lazy_result;

/// fill_list() for headers whose grammar allows an empty value (Accept, Allow, Supported):
/// a field with no values makes the list present and empty instead of absent.
template<class T, std::size_t N, class Parse>
void fill_optional_list(message const& msg, header_id id, detail::lazy_list<T, N>& l, Parse parse)
{
    if (l.state != detail::lazy::unparsed)
        return;
    fill_list(msg, id, l, parse);
    if (l.state == detail::lazy::absent && msg.find(id))
        l.state = detail::lazy::present;
}

/// fill_list() for headers that need at least one value (Require, Allow-Events, ...): a field
/// with no values is malformed.
template<class T, std::size_t N, class Parse>
void fill_nonempty_list(message const& msg, header_id id, detail::lazy_list<T, N>& l, Parse parse)
{
    if (l.state != detail::lazy::unparsed)
        return;
    fill_list(msg, id, l, parse);
    if (l.state == detail::lazy::absent && msg.find(id)) {
        l.state = detail::lazy::malformed;
        l.error = errc::bad_header_value;
    }
}

} // namespace

result<credentials> message::authorization() const
{
    if (!impl_->has(header_id::authorization))
        return errc::header_not_found; // without building the cache
    fill_value_into(*this, header_id::authorization, impl_->cache().authorization,
                    detail::parse_credentials_padded_into);
    return lazy_result(impl_->cache().authorization);
}

result<credentials> message::proxy_authorization() const
{
    if (!impl_->has(header_id::proxy_authorization))
        return errc::header_not_found; // without building the cache
    fill_value_into(*this, header_id::proxy_authorization, impl_->cache().proxy_authorization,
                    detail::parse_credentials_padded_into);
    return lazy_result(impl_->cache().proxy_authorization);
}

result<challenge> message::www_authenticate() const
{
    if (!impl_->has(header_id::www_authenticate))
        return errc::header_not_found; // without building the cache
    fill_value_into(*this, header_id::www_authenticate, impl_->cache().www_authenticate,
                    detail::parse_challenge_padded_into);
    return lazy_result(impl_->cache().www_authenticate);
}

result<challenge> message::proxy_authenticate() const
{
    if (!impl_->has(header_id::proxy_authenticate))
        return errc::header_not_found; // without building the cache
    fill_value_into(*this, header_id::proxy_authenticate, impl_->cache().proxy_authenticate,
                    detail::parse_challenge_padded_into);
    return lazy_result(impl_->cache().proxy_authenticate);
}

result<media_type> message::content_type() const
{
    if (!impl_->has(header_id::content_type))
        return errc::header_not_found; // without building the cache
    fill_value_into(*this, header_id::content_type, impl_->cache().content_type,
                    detail::parse_media_type_into);
    return lazy_result(impl_->cache().content_type);
}

result<std::span<media_type const>> message::accept() const
{
    if (!impl_->has(header_id::accept))
        return errc::header_not_found; // without building the cache
    fill_optional_list(*this, header_id::accept, impl_->cache().accept, parse_media_range);
    return lazy_result(impl_->cache().accept);
}

result<event_header> message::event() const
{
    if (!impl_->has(header_id::event))
        return errc::header_not_found; // without building the cache
    fill_value_into(*this, header_id::event, impl_->cache().event, detail::parse_event_into);
    return lazy_result(impl_->cache().event);
}

result<sip::subscription_state> message::subscription_state() const
{
    if (!impl_->has(header_id::subscription_state))
        return errc::header_not_found; // without building the cache
    fill_value_into(*this, header_id::subscription_state, impl_->cache().subscription_state,
                    detail::parse_subscription_state_into);
    return lazy_result(impl_->cache().subscription_state);
}

result<name_addr> message::refer_to() const
{
    if (!impl_->has(header_id::refer_to))
        return errc::header_not_found; // without building the cache
    fill_value_into(*this, header_id::refer_to, impl_->cache().refer_to,
                    detail::parse_name_addr_padded_into);
    return lazy_result(impl_->cache().refer_to);
}

result<name_addr> message::referred_by() const
{
    if (!impl_->has(header_id::referred_by))
        return errc::header_not_found; // without building the cache
    fill_value_into(*this, header_id::referred_by, impl_->cache().referred_by,
                    detail::parse_name_addr_padded_into);
    return lazy_result(impl_->cache().referred_by);
}

result<replaces> message::replaces_header() const
{
    if (!impl_->has(header_id::replaces))
        return errc::header_not_found; // without building the cache
    fill_value(*this, header_id::replaces, impl_->cache().replaces, parse_replaces);
    return lazy_result(impl_->cache().replaces);
}

result<sip::session_expires> message::session_expires() const
{
    if (!impl_->has(header_id::session_expires))
        return errc::header_not_found; // without building the cache
    fill_value_into(*this, header_id::session_expires, impl_->cache().session_expires,
                    detail::parse_session_expires_into);
    return lazy_result(impl_->cache().session_expires);
}

result<std::uint32_t> message::min_se() const
{
    if (!impl_->has(header_id::min_se))
        return errc::header_not_found; // without building the cache
    fill_value(*this, header_id::min_se, impl_->cache().min_se, parse_min_se);
    return lazy_result(impl_->cache().min_se);
}

result<std::uint32_t> message::rseq() const
{
    if (!impl_->has(header_id::rseq))
        return errc::header_not_found; // without building the cache
    fill_value(*this, header_id::rseq, impl_->cache().rseq, parse_rseq);
    return lazy_result(impl_->cache().rseq);
}

result<rack> message::rack_header() const
{
    if (!impl_->has(header_id::rack))
        return errc::header_not_found; // without building the cache
    fill_value(*this, header_id::rack, impl_->cache().rack, parse_rack);
    return lazy_result(impl_->cache().rack);
}

result<std::uint32_t> message::expires() const
{
    if (!impl_->has(header_id::expires))
        return errc::header_not_found; // without building the cache
    fill_value(*this, header_id::expires, impl_->cache().expires, parse_expires);
    return lazy_result(impl_->cache().expires);
}

result<std::uint32_t> message::min_expires() const
{
    if (!impl_->has(header_id::min_expires))
        return errc::header_not_found; // without building the cache
    fill_value(*this, header_id::min_expires, impl_->cache().min_expires, parse_expires);
    return lazy_result(impl_->cache().min_expires);
}

result<std::string_view> message::user_agent() const
{
    if (!impl_->has(header_id::user_agent))
        return errc::header_not_found; // without building the cache
    fill_value(*this, header_id::user_agent, impl_->cache().user_agent, parse_product_list);
    return lazy_result(impl_->cache().user_agent);
}

result<std::string_view> message::server() const
{
    if (!impl_->has(header_id::server))
        return errc::header_not_found; // without building the cache
    fill_value(*this, header_id::server, impl_->cache().server, parse_product_list);
    return lazy_result(impl_->cache().server);
}

result<std::span<std::string_view const>> message::allow() const
{
    if (!impl_->has(header_id::allow))
        return errc::header_not_found; // without building the cache
    fill_optional_list(*this, header_id::allow, impl_->cache().allow, detail::token_list_parser{});
    return lazy_result(impl_->cache().allow);
}

result<std::span<std::string_view const>> message::supported() const
{
    if (!impl_->has(header_id::supported))
        return errc::header_not_found; // without building the cache
    fill_optional_list(*this, header_id::supported, impl_->cache().supported,
                       detail::token_list_parser{});
    return lazy_result(impl_->cache().supported);
}

result<std::span<std::string_view const>> message::require() const
{
    if (!impl_->has(header_id::require))
        return errc::header_not_found; // without building the cache
    fill_nonempty_list(*this, header_id::require, impl_->cache().require,
                       detail::token_list_parser{});
    return lazy_result(impl_->cache().require);
}

result<std::span<std::string_view const>> message::proxy_require() const
{
    if (!impl_->has(header_id::proxy_require))
        return errc::header_not_found; // without building the cache
    fill_nonempty_list(*this, header_id::proxy_require, impl_->cache().proxy_require,
                       detail::token_list_parser{});
    return lazy_result(impl_->cache().proxy_require);
}

result<std::span<std::string_view const>> message::unsupported() const
{
    if (!impl_->has(header_id::unsupported))
        return errc::header_not_found; // without building the cache
    fill_nonempty_list(*this, header_id::unsupported, impl_->cache().unsupported,
                       detail::token_list_parser{});
    return lazy_result(impl_->cache().unsupported);
}

result<std::span<std::string_view const>> message::allow_events() const
{
    if (!impl_->has(header_id::allow_events))
        return errc::header_not_found; // without building the cache
    fill_nonempty_list(*this, header_id::allow_events, impl_->cache().allow_events,
                       detail::token_list_parser{});
    return lazy_result(impl_->cache().allow_events);
}

result<std::span<warning const>> message::warnings() const
{
    if (!impl_->has(header_id::warning))
        return errc::header_not_found; // without building the cache
    fill_nonempty_list(*this, header_id::warning, impl_->cache().warnings, parse_warning);
    return lazy_result(impl_->cache().warnings);
}

result<sip::retry_after> message::retry_after() const
{
    if (!impl_->has(header_id::retry_after))
        return errc::header_not_found; // without building the cache
    fill_value(*this, header_id::retry_after, impl_->cache().retry_after, parse_retry_after);
    return lazy_result(impl_->cache().retry_after);
}

} // namespace rvoip::sip

namespace rvoip::sip::detail {

std::optional<errc> check_typed(message const& m, header_id id)
{
    auto code = [](auto const& r) -> std::optional<errc> {
        return r ? errc{} : static_cast<errc>(r.error().value());
    };
    switch (id) {
    case header_id::max_forwards: return code(m.max_forwards());
    case header_id::contact: return code(m.contacts());
    case header_id::route: return code(m.routes());
    case header_id::record_route: return code(m.record_routes());
    case header_id::authorization: return code(m.authorization());
    case header_id::proxy_authorization: return code(m.proxy_authorization());
    case header_id::www_authenticate: return code(m.www_authenticate());
    case header_id::proxy_authenticate: return code(m.proxy_authenticate());
    case header_id::content_type: return code(m.content_type());
    case header_id::accept: return code(m.accept());
    case header_id::event: return code(m.event());
    case header_id::subscription_state: return code(m.subscription_state());
    case header_id::refer_to: return code(m.refer_to());
    case header_id::referred_by: return code(m.referred_by());
    case header_id::replaces: return code(m.replaces_header());
    case header_id::session_expires: return code(m.session_expires());
    case header_id::min_se: return code(m.min_se());
    case header_id::rseq: return code(m.rseq());
    case header_id::rack: return code(m.rack_header());
    case header_id::expires: return code(m.expires());
    case header_id::min_expires: return code(m.min_expires());
    case header_id::user_agent: return code(m.user_agent());
    case header_id::server: return code(m.server());
    case header_id::allow: return code(m.allow());
    case header_id::supported: return code(m.supported());
    case header_id::require: return code(m.require());
    case header_id::proxy_require: return code(m.proxy_require());
    case header_id::unsupported: return code(m.unsupported());
    case header_id::allow_events: return code(m.allow_events());
    case header_id::warning: return code(m.warnings());
    case header_id::retry_after: return code(m.retry_after());
    default: return std::nullopt;
    }
}

} // namespace rvoip::sip::detail
