// Writes a seed corpus for smp_dispatch_fuzz into the directory given as argv[1]: request
// sequences a client really sends (echo, params, info, list, a whole upload, test, confirm,
// erase, resume), so the fuzzer starts from deep agent states instead of finding them.
#include <cstdio>
#include <string>
#include <vector>

#include "smp/cbor_writer.hpp"
#include "smp/codes.hpp"
#include "smp/header.hpp"
#include "test_image.hpp"

namespace {

using namespace norboot::smp;
using Bytes = std::vector<std::byte>;

class Seed {
 public:
  template <class Build>
  Seed& add(uint8_t op, uint16_t group, uint8_t command, Build&& build, uint8_t version = kVersion2) {
    std::vector<std::byte> body(1024);
    CborWriter w(body);
    build(w);
    body.resize(w.size());
    Header h{version, op, 0, static_cast<uint16_t>(body.size()), group, seq_++, command};
    std::array<std::byte, kHeaderSize> raw{};
    encode_header(h, raw);
    size_t len = kHeaderSize + body.size();
    bytes_.push_back(static_cast<std::byte>(len >> 8));
    bytes_.push_back(static_cast<std::byte>(len));
    bytes_.insert(bytes_.end(), raw.begin(), raw.end());
    bytes_.insert(bytes_.end(), body.begin(), body.end());
    return *this;
  }
  void save(const std::string& path) const {
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return;
    std::fwrite(bytes_.data(), 1, bytes_.size(), f);
    std::fclose(f);
  }

 private:
  Bytes bytes_;
  uint8_t seq_ = 0;
};

void upload(Seed& s, const Bytes& img, size_t chunk, size_t stop_at = SIZE_MAX) {
  auto sha = testing::sha256_of(img);
  for (size_t off = 0; off < img.size() && off < stop_at; off += chunk) {
    size_t n = std::min(chunk, img.size() - off);
    s.add(2, 1, image_cmd::kUpload, [&](CborWriter& w) {
      w.map(off == 0 ? 4 : 2).key("off").uint(off).key("data").bytes(std::span(img).subspan(off, n));
      if (off == 0) w.key("len").uint(img.size()).key("sha").bytes(sha);
    });
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 2;
  }
  std::string dir = argv[1];
  auto none = [](CborWriter& w) { w.map(0); };
  Seed().add(2, 0, os_cmd::kEcho, [](CborWriter& w) { w.map(1).key("d").text("hi"); }).save(dir + "/echo");
  Seed().add(2, 0, os_cmd::kEcho, [](CborWriter& w) { w.indef_map().key("d").text("v1").end(); }, kVersion1)
      .save(dir + "/echo_v1");
  Seed().add(0, 0, os_cmd::kParams, none).add(0, 0, os_cmd::kInfo, [](CborWriter& w) { w.map(1).key("format").text("a"); })
      .add(0, 0, os_cmd::kBootloaderInfo, [](CborWriter& w) { w.map(1).key("query").text("mode"); })
      .add(2, 0, os_cmd::kReset, none)
      .save(dir + "/os");
  Seed().add(0, 1, image_cmd::kState, none).add(0, 1, image_cmd::kSlotInfo, none).add(0, 99, 3, none)
      .save(dir + "/list");
  auto img = testing::make_image({.total = 3000, .major = 2});
  auto hash = testing::image_hash(img);
  Seed full;
  upload(full, img, 600);
  full.add(0, 1, image_cmd::kState, none)
      .add(2, 1, image_cmd::kState, [&](CborWriter& w) { w.map(2).key("hash").bytes(hash).key("confirm").boolean(false); })
      .add(2, 1, image_cmd::kState, [](CborWriter& w) { w.map(1).key("confirm").boolean(true); })
      .add(2, 1, image_cmd::kErase, [](CborWriter& w) { w.map(1).key("slot").uint(1); });
  full.save(dir + "/upload_test_erase");
  Seed resume;
  upload(resume, img, 500, 1500);
  upload(resume, img, 500);
  resume.save(dir + "/upload_resume");
  Seed small;
  upload(small, testing::make_image({.total = 200}), 37);
  small.save(dir + "/upload_small_chunks");
  return 0;
}
