#include "smp/agent.hpp"

#include <array>

#include "core/text.hpp"

namespace norboot::smp {
namespace {

const detail::Route* find_route(uint16_t group, uint8_t command) {
  for (auto routes : {detail::os_routes(), detail::image_routes()}) {
    for (const detail::Route& r : routes) {
      if (r.group == group && r.command == command) return &r;
    }
  }
  return nullptr;
}

}  // namespace

size_t Agent::handle(std::span<const std::byte> message, std::span<std::byte> response, size_t* consumed) {
  bool failed = false;
  auto header = decode_header(message);
  if (consumed) *consumed = message.size();
  if (!header) {
    if (log_) log_->line(core::Level::kWarn, "smp: request shorter than the 8-byte header: dropped");
    return 0;
  }
  auto after = message.subspan(kHeaderSize);
  if (header->length <= after.size() && consumed) *consumed = kHeaderSize + header->length;
  auto body = after.first(header->length <= after.size() ? header->length : after.size());
  return respond(*header, body, response, failed);
}

void Agent::handle_packet(std::span<const std::byte> packet, std::span<std::byte> response, ResponseSink& sink) {
  while (!packet.empty()) {
    size_t consumed = 0;
    bool failed = false;
    auto header = decode_header(packet);
    if (!header) {
      if (log_) log_->line(core::Level::kWarn, "smp: trailing bytes shorter than a header: dropped");
      return;
    }
    auto after = packet.subspan(kHeaderSize);
    consumed = header->length <= after.size() ? kHeaderSize + header->length : packet.size();
    size_t n = respond(*header, after.first(consumed - kHeaderSize), response, failed);
    if (n > 0) sink.send(response.first(n));
    if (failed) return;
    packet = packet.subspan(consumed);
  }
}

// Builds the response to one request; `failed` reports an error response (or none at all).
size_t Agent::respond(const Header& request, std::span<const std::byte> body, std::span<std::byte> response,
                      bool& failed) {
  core::TextBuf reason(reason_);
  if (response.size() < kHeaderSize) {
    failed = true;
    return 0;
  }
  CborWriter out(response.subspan(kHeaderSize));
  Outcome o;
  if (body.size() < request.length) {
    reason.str("header says ").dec(request.length).str(" B of body, ").dec(body.size()).str(" B follow");
    o = Outcome::smp(MgmtErr::kCorrupt);
  } else if (request.version > kVersion2) {
    reason.str("SMP version field ").dec(request.version).str(": this device speaks versions 0 and 1 (v1, v2)");
    o = Outcome::smp(MgmtErr::kTooNew);
  } else {
    o = dispatch(request, body, out);
  }
  if (o.failed()) {
    failed = true;
    log_error(request, o);
    return encode_error(request, o, response);
  }
  Header h = response_header(request);
  h.length = static_cast<uint16_t>(out.size());
  encode_header(h, response.first<kHeaderSize>());
  if (reset_pending_ && reset_) reset_->reset_requested(reset_force_);
  reset_pending_ = false;
  return kHeaderSize + out.size();
}

Agent::Outcome Agent::dispatch(const Header& request, std::span<const std::byte> body, CborWriter& out) {
  core::TextBuf reason(reason_);
  const detail::Route* route = find_route(request.group, request.command);
  detail::HandlerFn fn = nullptr;
  if (route && request.op == static_cast<uint8_t>(Op::kRead)) fn = route->read;
  if (route && request.op == static_cast<uint8_t>(Op::kWrite)) fn = route->write;
  if (fn == nullptr) return Outcome::smp(MgmtErr::kNotSup);  // unknown group, command or op

  detail::HandlerContext ctx{config_, backend_, upload_, reason, reset_ != nullptr};
  out.indef_map();
  Outcome o = fn(ctx, body, out);
  out.end();
  if (!o.failed() && !out.ok()) {
    reason.str("response larger than the ").dec(out.size()).str("-byte buffer");
    o = Outcome::smp(MgmtErr::kMsgSize);
  }
  reset_pending_ = !o.failed() && ctx.reset_requested;
  reset_force_ = ctx.reset_force;
  return o;
}

// {"rc": n} for SMP-layer errors and for group errors to v1 clients; {"err": {"group", "rc"}} for
// group errors to v2 clients. "rsn" when a reason was given and fits; without it if not.
size_t Agent::encode_error(const Header& request, const Outcome& o, std::span<std::byte> response) {
  std::string_view rsn(reason_);
  const bool v2_group_error = o.group.rc != 0 && request.version >= kVersion2;
  for (int attempt = 0; attempt < 2; ++attempt) {
    CborWriter out(response.subspan(kHeaderSize));
    out.indef_map();
    if (v2_group_error) {
      out.key("err").indef_map().key("group").uint(o.group.group).key("rc").uint(o.group.rc).end();
    } else {
      MgmtErr rc = o.group.rc != 0 ? v1_rc(o.group) : o.rc;
      out.key("rc").uint(static_cast<uint16_t>(rc));
    }
    if (attempt == 0 && !rsn.empty()) out.key("rsn").text(rsn);
    out.end();
    if (!out.ok()) continue;
    Header h = response_header(request);
    h.length = static_cast<uint16_t>(out.size());
    encode_header(h, response.first<kHeaderSize>());
    return kHeaderSize + out.size();
  }
  return 0;
}

void Agent::log_error(const Header& request, const Outcome& o) {
  if (log_ == nullptr) return;
  char text[320];
  core::TextBuf t(text);
  const detail::Route* route = find_route(request.group, request.command);
  t.str("smp: ");
  if (route) {
    t.str(route->name);
  } else {
    t.str("group ").dec(request.group).str(" command ").dec(request.command);
  }
  if (o.group.rc != 0) {
    std::string_view name = o.group.group == 1 ? img_err_name(o.group.rc) : os_err_name(o.group.rc);
    t.str(": group ").dec(o.group.group).str(" error ").dec(o.group.rc).ch(' ').str(name);
  } else {
    t.str(": rc ").dec(static_cast<uint16_t>(o.rc)).ch(' ').str(mgmt_err_name(static_cast<uint16_t>(o.rc)));
  }
  if (reason_[0] != '\0') t.str(": ").str(reason_);
  log_->line(core::Level::kWarn, t.view());
}

}  // namespace norboot::smp
