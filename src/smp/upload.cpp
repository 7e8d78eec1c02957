#include "smp/upload.hpp"

#include <algorithm>
#include <cstring>

#include "smp/detail/backend_errors.hpp"
#include "smp/detail/image_header.hpp"

namespace norboot::smp {
namespace {

constexpr uint32_t round_up(uint32_t v, uint32_t unit) { return (v + unit - 1) / unit * unit; }

void log_event(core::LogSink* log, const char* what, uint32_t image, uint32_t len) {
  if (log == nullptr) return;
  char buf[96];
  core::TextBuf t(buf);
  t.str("smp upload: ").str(what).str(" (image ").dec(image).str(", ").dec(len).str(" B)");
  log->line(core::Level::kInfo, t.view());
}

void log_skip(core::LogSink* log, const char* why, uint64_t got, uint32_t expected) {
  if (log == nullptr) return;
  char buf[112];
  core::TextBuf t(buf);
  t.str("smp upload: chunk at off ").dec(got).str(" ignored (").str(why).str("), answering off ").dec(expected);
  log->line(core::Level::kInfo, t.view());
}

}  // namespace

UploadReply UploadSession::refuse(ImgErr err) {
  phase_ = Phase::kIdle;
  UploadReply r;
  r.err = err;
  return r;
}

UploadReply UploadSession::handle(const UploadRequest& req, core::TextBuf& reason) {
  if (req.off == 0) return start(req, reason);
  UploadReply r;
  if (phase_ == Phase::kIdle) {
    // No session (never started, refused, or the device was reset): the client must begin again.
    log_skip(log_, "no upload in progress", req.off, 0);
    r.off = 0;
    return r;
  }
  if (phase_ == Phase::kComplete || req.off != off_) {
    // Duplicate, out of order, overlapping, or after the end: nothing written.
    log_skip(log_, phase_ == Phase::kComplete ? "upload already complete" : "out of order", req.off, off_);
    r.off = off_;
    return r;
  }
  return accept(req.data, reason);
}

bool UploadSession::resumable(const UploadRequest& req) const {
  if (phase_ == Phase::kIdle || req.sha.empty() || req.sha.size() != want_sha_len_) return false;
  if (req.image != image_ || req.len != len_) return false;
  if (std::memcmp(req.sha.data(), want_sha_.data(), want_sha_len_) != 0) return false;
  return phase_ == Phase::kComplete || off_ > 0;
}

UploadReply UploadSession::start(const UploadRequest& req, core::TextBuf& reason) {
  if (resumable(req)) {
    log_event(log_, "resumed", image_, off_);
    UploadReply r;
    r.off = off_;
    r.resumed = true;
    return r;
  }
  phase_ = Phase::kIdle;  // whatever was in progress is abandoned
  if (ImgErr e = check_request(req, reason); e != ImgErr::kOk) return refuse(e);
  image_ = static_cast<uint8_t>(req.image);
  len_ = static_cast<uint32_t>(*req.len);
  if (ImgErr e = check_capacity(image_, len_, reason); e != ImgErr::kOk) return refuse(e);

  upgrade_ = req.upgrade;
  want_sha_len_ = static_cast<uint8_t>(req.sha.size());
  std::copy(req.sha.begin(), req.sha.end(), want_sha_.begin());
  if (ImgErr e = open_area(reason); e != ImgErr::kOk) return refuse(e);

  off_ = 0;
  tail_off_ = kHeadSize;
  tail_len_ = 0;
  erased_end_ = 0;
  sha_.reset();
  phase_ = Phase::kReceiving;
  // Step 1 of the write order: the old image's header goes before any new byte is accepted.
  if (ImgErr e = erase_through(1, reason); e != ImgErr::kOk) return refuse(e);
  log_event(log_, "started", image_, len_);
  return accept(req.data, reason);
}

ImgErr UploadSession::check_request(const UploadRequest& req, core::TextBuf& reason) {
  if (!req.len) {
    reason.str("the first chunk (off 0) carries no \"len\"");
    return ImgErr::kInvalidLength;
  }
  if (*req.len < kHeadSize) {
    reason.str("len ").dec(*req.len).str(" B is shorter than an image header (32 B)");
    return ImgErr::kInvalidLength;
  }
  if (*req.len > UINT32_MAX) {
    reason.str("len ").dec(*req.len).str(" B does not fit any slot");
    return ImgErr::kInvalidImageTooLarge;
  }
  if (req.sha.size() > kSha256Size) {
    reason.str("sha is ").dec(req.sha.size()).str(" B, at most 32");
    return ImgErr::kInvalidHash;
  }
  if (req.image >= backend_.image_count()) {
    reason.str("image ").dec(req.image).str(" does not exist (").dec(backend_.image_count()).str(" image(s))");
    return ImgErr::kInvalidSlot;
  }
  return ImgErr::kOk;
}

ImgErr UploadSession::check_capacity(uint8_t image, uint32_t len, core::TextBuf& reason) {
  auto sizes = backend_.slot_sizes(image);
  if (!sizes) {
    detail::describe_into(reason, "slot sizes", sizes.error());
    return ImgErr::kFlashConfigQueryFail;
  }
  if (len > sizes->primary_size) {
    reason.str("image ").dec(len).str(" B > primary ").hex(sizes->primary_size).str(" B (")
        .dec(sizes->primary_size).ch(')');
    return ImgErr::kInvalidImageTooLarge;
  }
  if (len > sizes->max_image_size) {
    reason.str("image ").dec(len).str(" B > ").dec(sizes->max_image_size).str(" B, the largest image primary ")
        .hex(sizes->primary_size).str(" B (").dec(sizes->primary_size).str(") holds beside its trailer");
    return ImgErr::kInvalidImageTooLarge;
  }
  std::array<SlotState, 2> slots{};
  auto n = backend_.read_slots(image, slots);
  if (!n) {
    detail::describe_into(reason, "slot state", n.error());
    return ImgErr::kFlashReadFailed;
  }
  has_running_ = false;
  for (size_t i = 0; i < *n; ++i) {
    const SlotState& s = slots[i];
    if (s.active) {
      has_running_ = true;
      running_ = s.version;
    }
    if (s.slot == 1 && s.pending) {
      reason.str("a swap to the secondary image is pending; reset first or erase it");
      return ImgErr::kNoFreeSlot;
    }
    if ((s.slot == 1 && s.confirmed) || (s.active && !s.confirmed)) {
      reason.str("the running image is not confirmed; the secondary holds the image a revert needs");
      return ImgErr::kNoFreeSlot;
    }
  }
  return ImgErr::kOk;
}

ImgErr UploadSession::open_area(core::TextBuf& reason) {
  auto area = backend_.begin_upload(image_, len_);
  if (!area) {
    detail::describe_into(reason, "preparing the secondary", area.error());
    return detail::img_err_for(area.error(), ImgErr::kFlashEraseFailed, ImgErr::kNoFreeSlot);
  }
  area_ = *area;
  write_block_ = area_.write_block();
  if (write_block_ == 0 || write_block_ > kMaxWriteBlock || kHeadSize % write_block_ != 0 ||
      !area_.is_sector_aligned()) {
    reason.str("upload area unsupported: write block ").dec(write_block_).str(" B (must divide 32), sector aligned: ")
        .str(area_.is_sector_aligned() ? "yes" : "no");
    return ImgErr::kFlashConfigQueryFail;
  }
  if (len_ > area_.size) {
    reason.str("image ").dec(len_).str(" B > secondary upload area ").hex(area_.size).str(" B (").dec(area_.size).ch(')');
    return ImgErr::kInvalidImageTooLarge;
  }
  return ImgErr::kOk;
}

UploadReply UploadSession::accept(std::span<const std::byte> data, core::TextBuf& reason) {
  if (uint64_t{off_} + data.size() > len_) {
    reason.str("chunk at off ").dec(off_).str(" of ").dec(data.size()).str(" B runs past len ").dec(len_);
    return refuse(ImgErr::kInvalidImageDataOverrun);
  }
  sha_.update(data);
  const uint32_t end = off_ + static_cast<uint32_t>(data.size());
  if (off_ < kHeadSize) {
    if (ImgErr e = take_head(data, off_, reason); e != ImgErr::kOk) return refuse(e);
  }
  if (ImgErr e = stream(data, reason); e != ImgErr::kOk) return refuse(e);
  off_ = end;
  if (off_ == len_) return finish(reason);
  if (ImgErr e = erase_ahead(reason); e != ImgErr::kOk) return refuse(e);
  UploadReply r;
  r.off = off_;
  return r;
}

// Keeps bytes of the image header in RAM; checks the header once all 32 bytes are in.
ImgErr UploadSession::take_head(std::span<const std::byte>& data, uint32_t at, core::TextBuf& reason) {
  size_t take = std::min<size_t>(kHeadSize - at, data.size());
  std::copy_n(data.begin(), take, head_.begin() + at);
  data = data.subspan(take);
  return at + take == kHeadSize ? check_header(reason) : ImgErr::kOk;
}

ImgErr UploadSession::check_header(core::TextBuf& reason) {
  auto h = detail::peek_image_header(head_);
  if (h.magic != detail::kImageMagic) {
    reason.str("image header magic at +0: expected ").hex(detail::kImageMagic, 8).str(", found ").hex(h.magic, 8);
    return ImgErr::kInvalidImageHeaderMagic;
  }
  if (h.hdr_size < detail::kImageHeaderSize || h.min_total() > len_) {
    reason.str("image header: hdr_size ").dec(h.hdr_size).str(" + img_size ").dec(h.img_size)
        .str(" + protected TLVs ").dec(h.protect_tlv_size).str(" + 4 = ").dec(h.min_total())
        .str(" B, upload len ").dec(len_).str(" B");
    return ImgErr::kInvalidImageHeader;
  }
  if (upgrade_ && has_running_ && compare_versions(h.version, running_) <= 0) {
    reason.str("upgrade refused: image ").dec(h.version.major).ch('.').dec(h.version.minor).ch('.')
        .dec(h.version.revision).str(" is not newer than running ").dec(running_.major).ch('.')
        .dec(running_.minor).ch('.').dec(running_.revision);
    return ImgErr::kCurrentVersionIsNewer;
  }
  return ImgErr::kOk;
}

// Streams bytes that follow the header: whole write blocks straight from the request buffer, an
// unaligned remainder into tail_ (tail_off_ + tail_len_ is always the next image offset).
ImgErr UploadSession::stream(std::span<const std::byte> data, core::TextBuf& reason) {
  while (!data.empty()) {
    if (tail_len_ > 0 || data.size() < write_block_) {
      size_t take = std::min<size_t>(write_block_ - tail_len_, data.size());
      std::copy_n(data.begin(), take, tail_.begin() + tail_len_);
      tail_len_ += static_cast<uint32_t>(take);
      data = data.subspan(take);
      if (tail_len_ < write_block_) break;
      if (ImgErr e = write(tail_off_, std::span(tail_).first(write_block_), reason); e != ImgErr::kOk) return e;
      tail_off_ += write_block_;
      tail_len_ = 0;
      continue;
    }
    size_t whole = data.size() / write_block_ * write_block_;
    if (ImgErr e = write(tail_off_, data.first(whole), reason); e != ImgErr::kOk) return e;
    tail_off_ += static_cast<uint32_t>(whole);
    data = data.subspan(whole);
  }
  return ImgErr::kOk;
}

ImgErr UploadSession::write(uint32_t at, std::span<const std::byte> bytes, core::TextBuf& reason) {
  if (ImgErr e = erase_through(at + static_cast<uint32_t>(bytes.size()), reason); e != ImgErr::kOk) return e;
  auto s = area_.write(at, bytes);
  if (!s) {
    detail::describe_into(reason, "writing the upload", s.error());
    return detail::img_err_for(s.error(), ImgErr::kFlashWriteFailed);
  }
  return ImgErr::kOk;
}

// Erases whole sectors until [0, end) is erased.
ImgErr UploadSession::erase_through(uint32_t end, core::TextBuf& reason) {
  while (erased_end_ < end) {
    auto sector = area_.sector_at(erased_end_);
    if (!sector) {
      reason.str("no sector at upload area offset ").hex(erased_end_);
      return ImgErr::kInvalidFlashAddress;
    }
    auto s = area_.erase(sector->off, sector->size);
    if (!s) {
      detail::describe_into(reason, "erasing ahead of the upload", s.error());
      return detail::img_err_for(s.error(), ImgErr::kFlashEraseFailed);
    }
    erased_end_ = sector->off + sector->size;
  }
  return ImgErr::kOk;
}

// When the data has reached the last erased sector, the next one starts erasing in the background
// (external NOR erases while the next chunk travels); the next write waits for it if needed.
ImgErr UploadSession::erase_ahead(core::TextBuf& reason) {
  if (erased_end_ >= round_up(len_, write_block_) || erased_end_ >= area_.size) return ImgErr::kOk;
  auto current = area_.sector_at(tail_off_);
  if (current && current->off + current->size < erased_end_) return ImgErr::kOk;  // a sector of headroom left
  auto next = area_.sector_at(erased_end_);
  if (!next) return ImgErr::kOk;
  auto s = area_.start_erase(next->off, next->size);
  if (!s) {
    detail::describe_into(reason, "erasing ahead of the upload", s.error());
    return detail::img_err_for(s.error(), ImgErr::kFlashEraseFailed);
  }
  erased_end_ = next->off + next->size;
  return ImgErr::kOk;
}

UploadReply UploadSession::finish(core::TextBuf& reason) {
  if (tail_len_ > 0) {
    std::fill(tail_.begin() + tail_len_, tail_.begin() + write_block_, std::byte{area_.erased_value()});
    if (ImgErr e = write(tail_off_, std::span(tail_).first(write_block_), reason); e != ImgErr::kOk) return refuse(e);
  }
  Sha256Digest got = sha_.finish();
  if (want_sha_len_ > 0 && std::memcmp(got.data(), want_sha_.data(), want_sha_len_) != 0) {
    reason.str("SHA-256 of the received ").dec(len_).str(" B is ").hex_bytes(std::span(got).first(8))
        .str("…, the first chunk's sha is ").hex_bytes(std::span(want_sha_).first(std::min<size_t>(8, want_sha_len_)))
        .str("…; the header is not written, the slot holds no image");
    return refuse(ImgErr::kInvalidHash);
  }
  if (ImgErr e = write_head(reason); e != ImgErr::kOk) return refuse(e);
  auto done = backend_.finish_upload(image_, len_);
  if (!done) {
    detail::describe_into(reason, "image refused", done.error());
    auto first = area_.sector_at(0);
    if (first) (void)area_.erase(first->off, first->size);  // make the refusal visible: no image
    return refuse(detail::img_err_for(done.error(), ImgErr::kFlashReadFailed));
  }
  phase_ = Phase::kComplete;
  off_ = len_;
  log_event(log_, "complete", image_, len_);
  UploadReply r;
  r.off = off_;
  if (want_sha_len_ > 0) r.match = true;
  return r;
}

// Step 4 of the write order: header bytes after the magic's write block, then the magic's block.
ImgErr UploadSession::write_head(core::TextBuf& reason) {
  const uint32_t magic_block = round_up(4, write_block_);
  if (magic_block < kHeadSize) {
    auto rest = std::span<const std::byte>(head_).subspan(magic_block);
    if (ImgErr e = write(magic_block, rest, reason); e != ImgErr::kOk) return e;
  }
  return write(0, std::span<const std::byte>(head_).first(magic_block), reason);
}

}  // namespace norboot::smp
