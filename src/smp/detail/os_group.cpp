// OS management group (0): echo, reset, MCUmgr parameters, OS info, bootloader info.
#include <array>

#include "smp/detail/handler.hpp"

namespace norboot::smp::detail {
namespace {

Outcome echo(HandlerContext& ctx, std::span<const std::byte> body, CborWriter& out) {
  constexpr std::array<FieldSpec, 1> kSpec{{{"d", FieldType::kText}}};
  std::array<FieldValue, 1> v;
  BodyProblem p;
  if (!decode_fields(body, kSpec, v, p)) return body_error(ctx, p);
  if (!v[0].present) {
    ctx.reason.str("echo needs \"d\" (text)");
    return Outcome::smp(MgmtErr::kInval);
  }
  out.key("r").text(v[0].text);
  return Outcome::ok();
}

Outcome reset(HandlerContext& ctx, std::span<const std::byte> body, CborWriter&) {
  if (!ctx.reset_supported) {
    ctx.reason.str("this device has no reset hook");
    return Outcome::smp(MgmtErr::kNotSup);
  }
  // Like Zephyr, a body that cannot be decoded does not stop a reset: "force" defaults to false.
  constexpr std::array<FieldSpec, 1> kSpec{{{"force", FieldType::kBoolOrUint}}};
  std::array<FieldValue, 1> v;
  BodyProblem p;
  bool decoded = decode_fields(body, kSpec, v, p);
  ctx.reset_requested = true;
  ctx.reset_force = decoded && v[0].present && v[0].b;
  return Outcome::ok();
}

Outcome params(HandlerContext& ctx, std::span<const std::byte>, CborWriter& out) {
  out.key("buf_size").uint(ctx.config.buf_size).key("buf_count").uint(ctx.config.buf_count);
  return Outcome::ok();
}

// "os info" format letters in output order (uname's), each with the config field it prints.
struct InfoField {
  char letter;
  const char* AgentConfig::*field;
};
constexpr std::array<InfoField, 9> kInfoFields{{
    {'s', &AgentConfig::kernel_name}, {'n', &AgentConfig::node_name}, {'r', &AgentConfig::release},
    {'v', &AgentConfig::version}, {'b', &AgentConfig::build_time}, {'m', &AgentConfig::machine},
    {'p', &AgentConfig::processor}, {'i', &AgentConfig::platform}, {'o', &AgentConfig::os_name},
}};

// Bit i set = kInfoFields[i] requested; 0 when a letter is not offered.
uint32_t info_mask(const AgentConfig& cfg, std::string_view format) {
  uint32_t mask = 0;
  for (char c : format) {
    bool known = false;
    for (size_t i = 0; i < kInfoFields.size(); ++i) {
      bool offered = (cfg.*kInfoFields[i].field)[0] != '\0';
      if (c == 'a' && offered) mask |= 1u << i;
      if (c == kInfoFields[i].letter && offered) {
        mask |= 1u << i;
        known = true;
      }
    }
    if (!known && c != 'a') return 0;
  }
  return format.empty() ? 1u : mask;  // no format: the kernel name alone
}

Outcome info(HandlerContext& ctx, std::span<const std::byte> body, CborWriter& out) {
  constexpr std::array<FieldSpec, 1> kSpec{{{"format", FieldType::kText}}};
  std::array<FieldValue, 1> v;
  BodyProblem p;
  if (!decode_fields(body, kSpec, v, p)) return body_error(ctx, p);
  uint32_t mask = info_mask(ctx.config, v[0].text);
  if (mask == 0) {
    ctx.reason.str("format \"").str(v[0].text).str("\": letters are a s n r v m p i o")
        .str(ctx.config.build_time[0] ? " b" : "");
    return Outcome::os(OsErr::kInvalidFormat);
  }
  char text[160];
  core::TextBuf t(text);
  for (size_t i = 0; i < kInfoFields.size(); ++i) {
    if ((mask & (1u << i)) == 0) continue;
    if (t.size() > 0) t.ch(' ');
    t.str(ctx.config.*kInfoFields[i].field);
  }
  out.key("output").text(t.view());
  return Outcome::ok();
}

Outcome bootloader_info(HandlerContext& ctx, std::span<const std::byte> body, CborWriter& out) {
  constexpr std::array<FieldSpec, 1> kSpec{{{"query", FieldType::kText}}};
  std::array<FieldValue, 1> v;
  BodyProblem p;
  if (!decode_fields(body, kSpec, v, p)) return body_error(ctx, p);
  if (!v[0].present) {
    out.key("bootloader").text(ctx.config.bootloader_name);
    return Outcome::ok();
  }
  if (v[0].text != "mode") {
    ctx.reason.str("query \"").str(v[0].text).str("\": only \"mode\" is known");
    return Outcome::os(OsErr::kQueryYieldsNoAnswer);
  }
  out.key("mode").sint(static_cast<int8_t>(ctx.config.bootloader_mode));
  if (ctx.config.no_downgrade) out.key("no-downgrade").boolean(true);
  return Outcome::ok();
}

constexpr std::array<Route, 5> kRoutes{{
    {0, os_cmd::kEcho, &echo, &echo, "echo"},
    {0, os_cmd::kReset, nullptr, &reset, "reset"},
    {0, os_cmd::kParams, &params, nullptr, "mcumgr params"},
    {0, os_cmd::kInfo, &info, nullptr, "os info"},
    {0, os_cmd::kBootloaderInfo, &bootloader_info, nullptr, "bootloader info"},
}};

}  // namespace

std::span<const Route> os_routes() { return kRoutes; }

}  // namespace norboot::smp::detail
