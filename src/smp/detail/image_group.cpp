// Image management group (1): state (list / test / confirm), upload, erase, slot info.
#include <algorithm>
#include <array>

#include "smp/detail/backend_errors.hpp"
#include "smp/detail/handler.hpp"
#include "smp/state_policy.hpp"

namespace norboot::smp::detail {
namespace {

using Slots = std::array<SlotState, 2>;

Outcome read_slots(HandlerContext& ctx, uint8_t image, Slots& slots, size_t& n) {
  auto r = ctx.backend.read_slots(image, slots);
  if (!r) {
    describe_into(ctx.reason, "reading slot state", r.error());
    return Outcome::img(img_err_for(r.error(), ImgErr::kFlashReadFailed));
  }
  n = std::min<size_t>(*r, slots.size());
  return Outcome::ok();
}

void encode_version(CborWriter& out, const ImageVersion& v) {
  char text[40];
  core::TextBuf t(text);
  t.dec(v.major).ch('.').dec(v.minor).ch('.').dec(v.revision);
  if (v.build != 0) t.ch('.').dec(v.build);
  out.text(t.view());
}

void encode_slot(CborWriter& out, const SlotState& s) {
  out.indef_map();
  out.key("image").uint(s.image).key("slot").uint(s.slot).key("version");
  encode_version(out, s.version);
  out.key("hash").bytes(s.hash_view());
  out.key("bootable").boolean(s.bootable).key("pending").boolean(s.pending);
  out.key("confirmed").boolean(s.confirmed).key("active").boolean(s.active);
  out.key("permanent").boolean(s.permanent);
  out.end();
}

// The image-state read body; also the answer to a state write.
Outcome encode_state(HandlerContext& ctx, CborWriter& out) {
  out.key("images").indef_array();
  for (uint8_t image = 0; image < ctx.backend.image_count(); ++image) {
    Slots slots{};
    size_t n = 0;
    if (Outcome o = read_slots(ctx, image, slots, n); o.failed()) return o;
    for (size_t i = 0; i < n; ++i) encode_slot(out, slots[i]);
  }
  out.end();
  out.key("splitStatus").uint(0);
  return Outcome::ok();
}

Outcome state_read(HandlerContext& ctx, std::span<const std::byte>, CborWriter& out) {
  return encode_state(ctx, out);
}

// Finds the slot holding `hash` among every image's slots.
bool find_by_hash(HandlerContext& ctx, std::span<const std::byte> hash, uint8_t& image, Slots& slots, size_t& n,
                  size_t& index, Outcome& failure) {
  for (uint8_t i = 0; i < ctx.backend.image_count(); ++i) {
    if (failure = read_slots(ctx, i, slots, n); failure.failed()) return false;
    for (size_t k = 0; k < n; ++k) {
      if (std::ranges::equal(slots[k].hash_view(), hash)) {
        image = i;
        index = k;
        return true;
      }
    }
  }
  return false;
}

Outcome apply(HandlerContext& ctx, StateAction action, uint8_t image) {
  core::Status s = core::ok();
  if (action == StateAction::kConfirmRunning) s = ctx.backend.confirm(image);
  if (action == StateAction::kRequestTest) s = ctx.backend.request_upgrade(image, false);
  if (action == StateAction::kRequestPermanent) s = ctx.backend.request_upgrade(image, true);
  if (!s) {
    describe_into(ctx.reason, "writing the trailer", s.error());
    return Outcome::img(img_err_for(s.error(), ImgErr::kFlashWriteFailed));
  }
  return Outcome::ok();
}

Outcome state_write(HandlerContext& ctx, std::span<const std::byte> body, CborWriter& out) {
  constexpr std::array<FieldSpec, 2> kSpec{{{"hash", FieldType::kBytes}, {"confirm", FieldType::kBool}}};
  std::array<FieldValue, 2> v;
  BodyProblem p;
  if (!decode_fields(body, kSpec, v, p)) return body_error(ctx, p);
  const bool confirm = v[1].present && v[1].b;
  Slots slots{};
  size_t n = 0, index = 0;
  uint8_t image = 0;
  bool running = true;  // no hash: the running image of image 0
  if (v[0].bytes.empty()) {
    if (!confirm) {
      ctx.reason.str("a test needs the image's hash");
      return Outcome::img(ImgErr::kInvalidHash);
    }
    if (Outcome o = read_slots(ctx, 0, slots, n); o.failed()) return o;
  } else {
    Outcome failure;
    if (!find_by_hash(ctx, v[0].bytes, image, slots, n, index, failure)) {
      if (failure.failed()) return failure;
      ctx.reason.str("no slot holds an image with hash ").hex_bytes(v[0].bytes.first(std::min<size_t>(8, v[0].bytes.size())))
          .str(v[0].bytes.size() > 8 ? "…" : "");
      return Outcome::img(ImgErr::kHashNotFound);
    }
    running = slots[index].active;
  }
  StateAction action = decide_state_write(next_boot(std::span(slots).first(n)), running, confirm);
  if (ImgErr refusal = refusal_code(action); refusal != ImgErr::kOk) {
    ctx.reason.str(refusal == ImgErr::kImageSettingTestToActiveDenied
                       ? "the image is already running; a test applies to the secondary"
                       : "another swap is already set for the next boot");
    return Outcome::img(refusal);
  }
  if (Outcome o = apply(ctx, action, image); o.failed()) return o;
  ctx.upload.reset();  // the slots changed: an old upload session no longer describes them
  return encode_state(ctx, out);
}

Outcome upload(HandlerContext& ctx, std::span<const std::byte> body, CborWriter& out) {
  constexpr std::array<FieldSpec, 6> kSpec{{
      {"off", FieldType::kUint}, {"data", FieldType::kBytes}, {"len", FieldType::kUint},
      {"image", FieldType::kUint}, {"sha", FieldType::kBytes}, {"upgrade", FieldType::kBool},
  }};
  std::array<FieldValue, 6> v;
  BodyProblem p;
  if (!decode_fields(body, kSpec, v, p)) return body_error(ctx, p);
  if (!v[0].present) {
    ctx.reason.str("upload needs \"off\"");
    return Outcome::smp(MgmtErr::kInval);
  }
  UploadRequest req;
  req.off = v[0].u;
  req.data = v[1].bytes;
  if (v[2].present) req.len = v[2].u;
  req.image = v[3].u;
  req.sha = v[4].bytes;
  req.upgrade = v[5].present && v[5].b;
  UploadReply r = ctx.upload.handle(req, ctx.reason);
  if (r.err != ImgErr::kOk) return Outcome::img(r.err);
  out.key("off").uint(r.off);
  if (r.match) out.key("match").boolean(*r.match);
  return Outcome::ok();
}

Outcome erase(HandlerContext& ctx, std::span<const std::byte> body, CborWriter&) {
  constexpr std::array<FieldSpec, 1> kSpec{{{"slot", FieldType::kUint}}};
  std::array<FieldValue, 1> v;
  BodyProblem p;
  if (!decode_fields(body, kSpec, v, p)) return body_error(ctx, p);
  const uint64_t slot = v[0].present ? v[0].u : 1;
  if (slot / 2 >= ctx.backend.image_count()) {
    ctx.reason.str("slot ").dec(slot).str(" does not exist");
    return Outcome::img(ImgErr::kInvalidSlot);
  }
  const auto image = static_cast<uint8_t>(slot / 2);
  Slots slots{};
  size_t n = 0;
  if (Outcome o = read_slots(ctx, image, slots, n); o.failed()) return o;
  if (slot % 2 == 0) {
    ctx.reason.str("slot ").dec(slot).str(" holds the running image");
    return Outcome::img(ImgErr::kNoFreeSlot);
  }
  if (next_boot(std::span(slots).first(n)) != NextBoot::kNone) {
    ctx.reason.str("the secondary is in use: a swap or a revert is set for the next boot");
    return Outcome::img(ImgErr::kNoFreeSlot);
  }
  ctx.upload.reset();
  if (auto s = ctx.backend.erase_slot(image, 1); !s) {
    describe_into(ctx.reason, "erasing the secondary", s.error());
    return Outcome::img(img_err_for(s.error(), ImgErr::kFlashEraseFailed));
  }
  return Outcome::ok();
}

Outcome slot_info(HandlerContext& ctx, std::span<const std::byte>, CborWriter& out) {
  out.key("images").indef_array();
  for (uint8_t image = 0; image < ctx.backend.image_count(); ++image) {
    auto sizes = ctx.backend.slot_sizes(image);
    if (!sizes) {
      describe_into(ctx.reason, "slot sizes", sizes.error());
      return Outcome::img(ImgErr::kFlashConfigQueryFail);
    }
    out.indef_map().key("image").uint(image).key("slots").indef_array();
    out.indef_map().key("slot").uint(0).key("size").uint(sizes->primary_size).end();
    out.indef_map().key("slot").uint(1).key("size").uint(sizes->secondary_size).end();
    out.end().key("max_image_size").uint(sizes->max_image_size).end();
  }
  out.end();
  return Outcome::ok();
}

constexpr std::array<Route, 4> kRoutes{{
    {1, image_cmd::kState, &state_read, &state_write, "image state"},
    {1, image_cmd::kUpload, nullptr, &upload, "image upload"},
    {1, image_cmd::kErase, nullptr, &erase, "image erase"},
    {1, image_cmd::kSlotInfo, &slot_info, nullptr, "image slot info"},
}};

}  // namespace

std::span<const Route> image_routes() { return kRoutes; }

}  // namespace norboot::smp::detail
