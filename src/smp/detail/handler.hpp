#pragma once
// What a command handler sees and returns. Handlers write their success body (the entries of the
// response's top-level map) into `out`; on failure they return an Outcome naming the SMP-layer
// rc or the group error and put the human reason in ctx.reason — the agent then discards what
// was written and encodes the error form the request's SMP version calls for.
#include <cstdint>
#include <span>
#include <string_view>

#include "core/text.hpp"
#include "smp/agent_config.hpp"
#include "smp/cbor_reader.hpp"
#include "smp/cbor_writer.hpp"
#include "smp/codes.hpp"
#include "smp/image_backend.hpp"
#include "smp/upload.hpp"

namespace norboot::smp::detail {

struct Outcome {
  MgmtErr rc = MgmtErr::kOk;  // SMP-layer error: {"rc": rc}
  GroupError group{};         // group error when group.rc != 0

  static constexpr Outcome ok() { return {}; }
  static constexpr Outcome smp(MgmtErr e) { return {e, {}}; }
  static constexpr Outcome img(ImgErr e) {
    return {MgmtErr::kOk, {static_cast<uint16_t>(Group::kImage), static_cast<uint16_t>(e)}};
  }
  static constexpr Outcome os(OsErr e) {
    return {MgmtErr::kOk, {static_cast<uint16_t>(Group::kOs), static_cast<uint16_t>(e)}};
  }
  constexpr bool failed() const { return rc != MgmtErr::kOk || group.rc != 0; }
};

struct HandlerContext {
  const AgentConfig& config;
  ImageBackend& backend;
  UploadSession& upload;
  core::TextBuf& reason;
  bool reset_supported = false;
  bool reset_requested = false;
  bool reset_force = false;
};

using HandlerFn = Outcome (*)(HandlerContext& ctx, std::span<const std::byte> body, CborWriter& out);

struct Route {
  uint16_t group;
  uint8_t command;
  HandlerFn read;   // nullptr: the op is not supported (ENOTSUP)
  HandlerFn write;
  std::string_view name;
};

std::span<const Route> os_routes();
std::span<const Route> image_routes();

/// EINVAL with the problem as reason ("body +5: expected an unsigned integer (\"off\")").
inline Outcome body_error(HandlerContext& ctx, const BodyProblem& p) {
  ctx.reason.str("body +").dec(p.offset).str(": ").str(p.what);
  if (!p.key.empty()) ctx.reason.str(" (\"").str(p.key).str("\")");
  return Outcome::smp(MgmtErr::kInval);
}

}  // namespace norboot::smp::detail
