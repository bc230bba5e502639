#pragma once
// SDP session descriptions (RFC 8866) as an owning model that session-core reads, builds and
// modifies for offer/answer (RFC 3264), with typed readers for the attributes a SIP call uses:
// rtpmap and fmtp (RFC 8866 §6.6, §6.15), ptime and maxptime (§6.4, §6.5), the direction
// attributes (§6.7), rtcp (RFC 3605), rtcp-mux (RFC 5761) and crypto (RFC 4568).
//
// Every a= line is kept, in order, as written, so attributes this file knows nothing about
// survive a parse/serialize round trip; the typed readers parse from that text on each call.

#include <rvoip/sip/error.hpp>
#include <rvoip/sip/params.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rvoip::sip::sdp {

/// Limits of parse_sdp(). They bound memory for hostile input; a description over any of them
/// is rejected with errc::bad_sdp rather than truncated.
inline constexpr std::size_t max_lines = 4096;      ///< lines of the whole description
inline constexpr std::size_t max_media = 64;        ///< m= sections
inline constexpr std::size_t max_attributes = 1024; ///< a= lines, session and media together

/// o= (RFC 8866 §5.2): username sess-id sess-version nettype addrtype unicast-address.
struct origin
{
    std::string username = "-";
    std::string session_id = "0";      ///< 1*DIGIT, kept as text (may exceed 64 bits)
    std::string session_version = "0"; ///< 1*DIGIT, kept as text
    std::string nettype = "IN";
    std::string addrtype = "IP4";
    std::string unicast_address;
    bool operator==(origin const&) const = default;
};

/// c= (RFC 8866 §5.7): nettype addrtype connection-address. A multicast address keeps its
/// "/ttl" and "/count" suffixes in `address`, as written.
struct connection
{
    std::string nettype = "IN";
    std::string addrtype = "IP4";
    std::string address;
    bool operator==(connection const&) const = default;
};

/// b= (RFC 8866 §5.8): bwtype ":" bandwidth, e.g. AS:84 (kbit/s), TIAS:64000 (bit/s, RFC 3890).
struct bandwidth
{
    std::string type;
    std::uint64_t value = 0;
    bool operator==(bandwidth const&) const = default;
};

/// t= with the r= lines that follow it (RFC 8866 §5.9, §5.10). SIP uses "t=0 0".
struct timing
{
    std::uint64_t start = 0;          ///< NTP seconds, 0 for unbounded
    std::uint64_t stop = 0;           ///< NTP seconds, 0 for unbounded
    std::vector<std::string> repeats; ///< each r= value as written
    bool operator==(timing const&) const = default;
};

/// One a= line: "a=name" (a property, has_value false) or "a=name:value" (value as written).
struct attribute
{
    std::string name;
    std::string value;
    bool has_value = false;
    bool operator==(attribute const&) const = default;
};

/// The a= lines of a session or media level, in wire order. Names compare case-insensitively.
class attribute_list
{
public:
    using const_iterator = std::vector<attribute>::const_iterator;

    const_iterator begin() const noexcept { return items_.begin(); }
    const_iterator end() const noexcept { return items_.end(); }
    std::size_t size() const noexcept { return items_.size(); }
    bool empty() const noexcept { return items_.empty(); }
    attribute const& operator[](std::size_t i) const noexcept { return items_[i]; }

    /// The first attribute named `name`, or nullptr. The pointer lives until the list changes.
    attribute const* find(std::string_view name) const noexcept;
    /// True when an attribute named `name` is present.
    bool contains(std::string_view name) const noexcept { return find(name) != nullptr; }
    /// Every attribute named `name`, in order. The pointers live until the list changes.
    std::vector<attribute const*> find_all(std::string_view name) const;

    /// Appends a property attribute ("a=rtcp-mux").
    void add(std::string name);
    /// Appends a value attribute ("a=ptime:20").
    void add(std::string name, std::string value);
    /// Replaces the first attribute named `name` in place by "name:value" and removes the
    /// others of that name; appends when there is none.
    void set(std::string name, std::string value);
    /// Like set(), for a property attribute.
    void set_flag(std::string name);
    /// Removes every attribute named `name`; returns how many were removed.
    std::size_t remove(std::string_view name);
    /// Appends `a` as it is (the parser uses this).
    void push_back(attribute a) { items_.push_back(std::move(a)); }
    /// The underlying lines, for edits the helpers above do not cover.
    std::vector<attribute>& items() noexcept { return items_; }

    bool operator==(attribute_list const&) const = default;

private:
    std::vector<attribute> items_;
};

/// a=rtpmap (RFC 8866 §6.6): payload-type SP encoding-name "/" clock-rate ["/" channels].
struct rtpmap
{
    int payload_type = 0;                  ///< 0..127
    std::string encoding_name;             ///< "opus", "PCMU", "telephone-event" (as written)
    std::uint32_t clock_rate = 0;          ///< Hz
    std::optional<std::uint32_t> channels; ///< the encoding parameters of audio, when present
    bool operator==(rtpmap const&) const = default;
};

/// a=fmtp (RFC 8866 §6.15): format SP format-specific-params.
struct fmtp
{
    std::string format;     ///< the fmt of the m= line, a payload type number for RTP
    std::string parameters; ///< as written: "useinbandfec=1", "0-16", "profile-level-id=42e01f"

    /// The format as an RTP payload type, or nullopt when it is not a number 0..127.
    std::optional<int> payload_type() const noexcept;
    /// The ";"-separated parameters: "a=1; b=2;flag" gives {a,1}, {b,2}, {flag} (has_value
    /// false). Blanks around each item are dropped. The views point into `parameters` and live
    /// as long as this fmtp is unchanged.
    std::vector<param> params() const;
    /// The value of the parameter named `name` (case-insensitive), or nullopt. A parameter
    /// without "=" yields an empty value. The view points into `parameters`.
    std::optional<std::string_view> find_param(std::string_view name) const;
    bool operator==(fmtp const&) const = default;
};

/// The media direction attributes (RFC 8866 §6.7, RFC 3264 §5.1).
enum class direction
{
    sendrecv,
    sendonly,
    recvonly,
    inactive,
};

/// "sendrecv", "sendonly", "recvonly", "inactive".
std::string_view to_string(direction d) noexcept;

/// a=rtcp (RFC 3605): port [nettype addrtype connection-address].
struct rtcp
{
    std::uint16_t port = 0;
    std::string nettype;  ///< empty when the address is absent
    std::string addrtype; ///< empty when the address is absent
    std::string address;  ///< empty when absent (the RTCP address is the c= address)
    bool operator==(rtcp const&) const = default;
};

/// One key-param of a=crypto (RFC 4568 §9.2): key-method ":" key-info. For the "inline"
/// method key-info is key-salt ["|" lifetime] ["|" mki-value ":" mki-length].
struct crypto_key
{
    std::string method = "inline";
    std::string key_salt; ///< base64 of the master key || salt; for other methods the key-info
    std::optional<std::uint64_t> lifetime;   ///< packets; "2^20" and "1048576" both give 2^20
    std::optional<std::uint64_t> mki;        ///< MKI value
    std::optional<std::uint16_t> mki_length; ///< MKI length in bytes, 1..128

    /// The decoded bytes of key_salt (RFC 4648 base64), or nullopt when it is not valid
    /// base64. For AES_CM_128_HMAC_SHA1_80 that is 16 key bytes then 14 salt bytes.
    std::optional<std::vector<std::uint8_t>> key_salt_bytes() const;
    bool operator==(crypto_key const&) const = default;
};

/// a=crypto (RFC 4568 §9.1): tag SP crypto-suite SP key-params *(SP session-param).
struct crypto
{
    std::uint32_t tag = 1;        ///< 1*9DIGIT
    std::string suite;            ///< "AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32", ...
    std::vector<crypto_key> keys; ///< the ";"-separated key-params, at least one
    std::vector<std::string> session_params; ///< as written: "KDR=1", "UNENCRYPTED_SRTCP"
    bool operator==(crypto const&) const = default;
};

/// Parses the value of a=rtpmap ("96 opus/48000/2"). errc::bad_sdp when it does not match or
/// a number is out of range (payload type above 127, clock rate above 2^32-1).
result<rtpmap> parse_rtpmap(std::string_view value);
/// Parses the value of a=fmtp ("101 0-16"). errc::bad_sdp when there is no format token.
result<fmtp> parse_fmtp(std::string_view value);
/// Parses the value of a=rtcp ("4001 IN IP4 192.0.2.10"). errc::bad_sdp on a bad port.
result<rtcp> parse_rtcp(std::string_view value);
/// Parses the value of a=crypto (RFC 4568 §9.2 ABNF). errc::bad_sdp when it does not match,
/// a lifetime exceeds 2^63 or an MKI length is outside 1..128.
result<crypto> parse_crypto(std::string_view value);
/// Parses the value of a=ptime / a=maxptime (milliseconds, tolerating a decimal fraction that
/// is dropped: "20.0" gives 20). errc::bad_sdp otherwise.
result<std::uint32_t> parse_ptime(std::string_view value) noexcept;

/// The attribute values these types render to (the inverse of the parse functions).
std::string to_string(rtpmap const& r);
std::string to_string(fmtp const& f);
std::string to_string(rtcp const& r);
std::string to_string(crypto const& c);

struct session_description;

/// One m= section (RFC 8866 §5.14) with its i=, c=, b=, k= and a= lines.
struct media_description
{
    std::string media = "audio";             ///< "audio", "video", "application", "image", ...
    std::uint16_t port = 0;                  ///< 0 rejects the stream (RFC 3264 §6)
    std::optional<std::uint16_t> port_count; ///< the "/2" of "4000/2"
    std::string proto = "RTP/AVP";    ///< "RTP/AVP", "RTP/SAVP", "UDP/TLS/RTP/SAVPF", "udptl"...
    std::vector<std::string> formats; ///< payload type numbers for RTP, as written
    std::optional<std::string> information;   ///< i=
    std::vector<sdp::connection> connections; ///< c=, zero or more
    std::vector<sdp::bandwidth> bandwidths;   ///< b=
    std::optional<std::string> key;           ///< k=, as written (obsolete, kept)
    attribute_list attributes;                ///< a=, in order

    /// The a=rtpmap for payload type `pt`, or nullopt (also when that line is malformed).
    /// Static payload types without an rtpmap are not filled in.
    std::optional<sdp::rtpmap> rtpmap_for(int pt) const;
    /// Every well-formed a=rtpmap, in order.
    std::vector<sdp::rtpmap> rtpmaps() const;
    /// The a=fmtp for payload type `pt`, or nullopt.
    std::optional<sdp::fmtp> fmtp_for(int pt) const;
    /// a=ptime in milliseconds, or nullopt.
    std::optional<std::uint32_t> ptime() const;
    /// a=maxptime in milliseconds, or nullopt.
    std::optional<std::uint32_t> maxptime() const;
    /// The direction attribute of this section, or nullopt when it has none.
    std::optional<sdp::direction> explicit_direction() const noexcept;
    /// The direction that applies: this section's, else the session's, else sendrecv
    /// (RFC 8866 §6.7).
    sdp::direction effective_direction(session_description const& session) const noexcept;
    /// a=rtcp (RFC 3605), or nullopt.
    std::optional<sdp::rtcp> rtcp_attribute() const;
    /// a=rtcp-mux is present (RFC 5761 §5.1.1).
    bool rtcp_mux() const noexcept;
    /// Every well-formed a=crypto (RFC 4568), in order.
    std::vector<sdp::crypto> cryptos() const;
    /// This section's first c=, else the session's, else nullptr. The pointer lives as long as
    /// the description it points into is unchanged.
    sdp::connection const* effective_connection(session_description const& session) const noexcept;

    /// Adds or replaces the a=rtpmap of r.payload_type and appends the payload type to
    /// `formats` when it is not there yet.
    void set_rtpmap(sdp::rtpmap const& r);
    /// Adds or replaces the a=fmtp of f.format.
    void set_fmtp(sdp::fmtp const& f);
    /// Replaces any direction attribute by `d`.
    void set_direction(sdp::direction d);
    void set_ptime(std::uint32_t ms);
    void set_maxptime(std::uint32_t ms);
    /// Adds or replaces a=rtcp.
    void set_rtcp(sdp::rtcp const& r);
    /// Adds a=rtcp-mux, or removes it.
    void set_rtcp_mux(bool on);
    /// Appends an a=crypto line.
    void add_crypto(sdp::crypto const& c);

    bool operator==(media_description const&) const = default;
};

/// A whole session description (RFC 8866 §5). A default-constructed one renders as a valid
/// SDP once origin.unicast_address is set.
struct session_description
{
    std::uint32_t version = 0;                   ///< v=
    sdp::origin origin;                          ///< o=
    std::string session_name = "-";              ///< s=
    std::optional<std::string> information;      ///< i=
    std::optional<std::string> uri;              ///< u=
    std::vector<std::string> emails;             ///< e=
    std::vector<std::string> phones;             ///< p=
    std::optional<sdp::connection> connection;   ///< c=
    std::vector<sdp::bandwidth> bandwidths;      ///< b=
    std::vector<timing> timings = {timing{}};    ///< t= (with r=), at least one
    std::optional<std::string> zone_adjustments; ///< z=, as written
    std::optional<std::string> key;              ///< k=, as written
    attribute_list attributes;                   ///< session-level a=, in order
    std::vector<media_description> media;        ///< m= sections, in order

    /// The session-level direction attribute, or nullopt.
    std::optional<sdp::direction> explicit_direction() const noexcept;
    /// Replaces any session-level direction attribute by `d`.
    void set_direction(sdp::direction d);

    bool operator==(session_description const&) const = default;
};

} // namespace rvoip::sip::sdp

namespace rvoip::sip {

/// Parses an SDP body (RFC 8866 §9 ABNF, with the tolerance below).
///
///   session-description = version-field origin-field session-name-field
///                         [information-field] [uri-field] *email-field *phone-field
///                         [connection-field] *bandwidth-field 1*time-description
///                         [key-field] *attribute-field *media-description
///   media-description   = media-field [information-field] *connection-field
///                         *bandwidth-field [key-field] *attribute-field
///
/// Lines end in CRLF or a bare LF (the last one may have neither); each is `<a-z>=<value>`
/// with no NUL or CR inside, and blank lines are allowed only at the end. v=, o= and s= must
/// come first in that order. The tolerance, for peers seen in the field:
///   - the fields after s= (and after m=) are accepted in any order, since the model does not
///     depend on it; each single-valued field (i, u, c at session level, z, k) at most once;
///   - a missing t= reads as "t=0 0", the only value SIP uses (RFC 3264 §5);
///   - an empty s= is accepted (the RFC asks for "s= " or "s=-");
///   - fields are separated by one or more SP/HTAB, and trailing blanks are ignored.
/// Letters RFC 8866 does not define are rejected (§5: "ignore or reject" the description).
/// a=rtpmap, a=fmtp, a=rtcp, a=crypto, a=ptime and a=maxptime are checked here, so their
/// typed readers cannot fail on a parsed description.
///
/// Errors: errc::bad_sdp for anything that does not match, including a description over
/// max_lines, max_media or max_attributes.
result<sdp::session_description> parse_sdp(std::string_view text);

} // namespace rvoip::sip

namespace rvoip::sip::sdp {

/// Renders `d` as SDP: CRLF-terminated lines in RFC 8866 order, one SP between fields. The
/// inverse of parse_sdp() for well-formed models: parse_sdp(to_string(*parse_sdp(x))) equals
/// parse_sdp(x), and a canonical input comes back byte for byte. Values are written as they
/// are; validate() checks that a built model renders to something parse_sdp() reads back.
std::string to_string(session_description const& d);

/// Checks that `d` round-trips: it renders to an SDP that parse_sdp() accepts and that parses
/// back to `d`. Returns errc::bad_argument otherwise (a value with CR/LF, an empty token...).
result<void> validate(session_description const& d);

} // namespace rvoip::sip::sdp
