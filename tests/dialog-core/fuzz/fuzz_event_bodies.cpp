// libFuzzer target: any bytes as a PIDF, a message-summary and a dialog-info body. Whatever is
// read must be written back into a document that reads again to the same values.
#include <rvoip/dialog/event_bodies.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace dlg = rvoip::dialog;

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    std::string_view const body(reinterpret_cast<char const*>(data), size);
    if (auto doc = dlg::parse_pidf(body)) {
        auto again = dlg::parse_pidf(dlg::to_pidf(*doc));
        if (!again || again->entity != doc->entity || again->tuples.size() != doc->tuples.size())
            std::abort();
    }
    if (auto s = dlg::parse_message_summary(body)) {
        auto again = dlg::parse_message_summary(dlg::to_text(*s));
        if (!again || again->waiting != s->waiting || again->counts.size() != s->counts.size())
            std::abort();
    }
    if (auto info = dlg::parse_dialog_info(body)) {
        auto again = dlg::parse_dialog_info(dlg::to_xml(*info));
        if (!again || again->version != info->version || again->dialogs.size() != info->dialogs.size())
            std::abort();
    }
    return 0;
}
