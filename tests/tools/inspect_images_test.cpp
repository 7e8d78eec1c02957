// Real MCUboot images (imgtool 2.4.0 vectors in ../shared/vectors/imgtool) through the inspector
// and the layout checker: header, TLVs, hash and signature verdicts, what the next boot does with
// a good, a tampered and a wrongly keyed upgrade — and `layout check --image` reading the header.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "boot/app_api.hpp"
#include "flash/ram_flash.hpp"
#include "tools/inspect/inspect_render.hpp"
#include "tools/inspect/inspect_report.hpp"
#include "tools/inspect/mcuboot_image_support.hpp"
#include "tools/layout/devices.hpp"
#include "tools/layout/image_size.hpp"

namespace norboot::tools::inspect::inspect_images_test {
namespace {

namespace fs = std::filesystem;

std::string vector_path(const std::string& rel) { return std::string(NORBOOT_SHARED_DIR) + "/vectors/imgtool/" + rel; }

std::vector<std::byte> read_vector(const std::string& rel) {
  std::ifstream f(vector_path(rel), std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  const std::string t = s.str();
  std::vector<std::byte> out(t.size());
  std::memcpy(out.data(), t.data(), t.size());
  return out;
}

const sim::BoardSpec& motivating() { return sim::kBoards[0]; }

/// The motivating board with v0.0.0 running and `new_image` (a vector) requested as a test.
InspectTarget board_with_request(const std::string& new_image, ImageSupport& images) {
  InspectTarget t;
  t.board = std::string(motivating().name);
  t.internal = {"internal", "nRF52833 internal flash", sim::mcu_geometry(motivating().mcu), {}};
  t.external = {"external", "MX25R3235F", sim::nor_geometry(motivating().chip), {}};
  t.internal.dump.bytes.assign(t.internal.geometry.size, std::byte{0xFF});
  t.external.dump.bytes.assign(t.external.geometry.size, std::byte{0xFF});
  t.layout = layout::preset_layout(motivating());
  t.config.strategy = motivating().default_strategy;
  flash::RamFlash in("internal", t.internal.geometry, t.internal.dump.bytes);
  flash::RamFlash ex("external", t.external.geometry, t.external.dump.bytes);
  const flash::Area p{&in, 0xC000, 0x74000, "primary"}, s{&ex, 0, 0x76000, "secondary"};
  auto put = [](const flash::Area& a, uint32_t off, std::vector<std::byte> img) {
    img.resize((img.size() + 3) / 4 * 4, std::byte{0xFF});
    EXPECT_TRUE(a.write(off, img));
  };
  put(p, 0, read_vector("images/ecdsa_p256_v0.0.0.bin"));
  const auto plan = boot::plan_slots(t.config.strategy, p, s, nullptr, 8);
  EXPECT_TRUE(plan.has_value());
  const uint32_t slack = plan ? plan->secondary_offset : 0;
  put(s, slack, read_vector(new_image));
  EXPECT_TRUE(boot::request_upgrade(s, boot::UpgradeMode::kTest));
  (void)images;
  return t;
}

std::unique_ptr<ImageSupport> support(std::vector<std::string> keys) {
  std::string error;
  for (auto& k : keys) k = vector_path("keys/" + k);
  auto s = make_image_support(keys, error);
  EXPECT_TRUE(s) << error;
  return s;
}

const FoundImage* image_at(const InspectReport& r, layout::Role role, uint32_t off) {
  const SlotReport* s = r.slot(role);
  if (s == nullptr) return nullptr;
  for (const FoundImage& i : s->images) {
    if (i.off == off) return &i;
  }
  return nullptr;
}

TEST(InspectImages, SignedUpgrade_WithKey_HeaderTlvsSignatureAndTheUpgradeRuns) {
  auto images = support({"ecdsa-p256.pub.pem"});
  const InspectTarget t = board_with_request("images/ecdsa_p256_300000.bin", *images);
  const InspectReport r = analyze(t, *images);
  const FoundImage* img = image_at(r, layout::Role::kSecondary, r.plan->secondary_offset);
  ASSERT_NE(img, nullptr);
  EXPECT_EQ(img->facts.format, "MCUboot image");
  EXPECT_EQ(img->facts.version.major, 1);
  EXPECT_EQ(img->facts.version.build, 4u);
  EXPECT_EQ(img->facts.header_size, 0x200u);
  EXPECT_EQ(img->facts.image_size, 300000u);
  EXPECT_EQ(img->facts.total_size, 300662u);
  std::vector<std::string> names;
  for (const TlvFacts& tlv : img->facts.tlvs) names.push_back(tlv.name);
  EXPECT_EQ(names, (std::vector<std::string>{"SHA256", "KEYHASH", "ECDSASIG"}));
  EXPECT_EQ(img->facts.hash_ok, true);
  EXPECT_EQ(img->facts.signature_ok, true);
  EXPECT_EQ(img->facts.key, "ecdsa-p256.pub.pem");
  const FoundImage* running = image_at(r, layout::Role::kPrimary, 0);
  ASSERT_NE(running, nullptr);
  EXPECT_EQ(running->facts.version.major, 0);
  EXPECT_NE(r.next.action.find("start a test upgrade (swap-pipeline)"), std::string::npos) << r.next.action;
  EXPECT_NE(r.next.image_verdict.find("1.2.3+4 valid, 300662 bytes, signature verified"), std::string::npos) << r.next.image_verdict;
  EXPECT_EQ(r.next.expected.swap, boot::SwapType::kTest);
  EXPECT_EQ(r.next.dry_run.result.swap, boot::SwapType::kTest);
  EXPECT_EQ(r.next.then, "then boots 1.2.3+4 (300662 bytes)");
}

TEST(InspectImages, NoKey_HashCheckedSignatureNot) {
  auto images = support({});
  const InspectTarget t = board_with_request("images/ecdsa_p256_300000.bin", *images);
  const InspectReport r = analyze(t, *images);
  const FoundImage* img = image_at(r, layout::Role::kSecondary, r.plan->secondary_offset);
  ASSERT_NE(img, nullptr);
  EXPECT_EQ(img->facts.hash_ok, true);
  EXPECT_FALSE(img->facts.signature_ok.has_value());
  EXPECT_NE(r.image_support.find("no key given"), std::string::npos);
  EXPECT_NE(render_inspect_text(r).find("hash valid, signature not checked"), std::string::npos);
}

TEST(InspectImages, TamperedPayload_HashInvalidAndTheRequestIsRefused) {
  auto images = support({"ecdsa-p256.pub.pem"});
  const InspectTarget t = board_with_request("tampered/ecdsa_p256_1k_payload_flip.bin", *images);
  const InspectReport r = analyze(t, *images);
  const FoundImage* img = image_at(r, layout::Role::kSecondary, r.plan->secondary_offset);
  ASSERT_NE(img, nullptr);
  EXPECT_EQ(img->facts.hash_ok, false);
  EXPECT_NE(img->facts.problem.find("image hash"), std::string::npos) << img->facts.problem;
  EXPECT_NE(r.next.action.find("refuse the test upgrade request"), std::string::npos) << r.next.action;
  EXPECT_EQ(r.next.expected.swap, boot::SwapType::kFail);
  EXPECT_EQ(r.next.dry_run.result.swap, boot::SwapType::kFail);
  EXPECT_EQ(r.next.then, "then boots 0.0.0+0 (" + std::to_string(read_vector("images/ecdsa_p256_v0.0.0.bin").size()) + " bytes)");
}

TEST(InspectImages, OtherKey_SignatureRefused) {
  auto images = support({"ed25519.pub.pem"});
  const InspectTarget t = board_with_request("images/ecdsa_p256_300000.bin", *images);
  const InspectReport r = analyze(t, *images);
  const FoundImage* img = image_at(r, layout::Role::kSecondary, r.plan->secondary_offset);
  ASSERT_NE(img, nullptr);
  EXPECT_EQ(img->facts.signature_ok, false);
  EXPECT_EQ(r.next.expected.swap, boot::SwapType::kFail);
  EXPECT_EQ(r.next.dry_run.result.swap, boot::SwapType::kFail);
}

TEST(InspectImages, BadKeyFile_Refused) {
  std::string error;
  EXPECT_EQ(make_image_support({vector_path("payloads/payload_1k.bin")}, error), nullptr);
  EXPECT_NE(error.find("not a PEM public key"), std::string::npos) << error;
  EXPECT_EQ(make_image_support({"/nonexistent/key.pem"}, error), nullptr);
  EXPECT_NE(error.find("cannot open"), std::string::npos);
}

TEST(LayoutImageSize, McubootImage_MeasuredByItsHeader) {
  auto in = layout::measure_image(vector_path("images/ecdsa_p256_300000.bin"));
  ASSERT_TRUE(in) << in.error().describe();
  EXPECT_EQ(in->size, 300662u);
  EXPECT_NE(in->measured_by.find("MCUboot image header"), std::string::npos) << in->measured_by;
  auto padded = layout::measure_image(vector_path("images/ecdsa_p256_300000_pad_align4.bin"));
  ASSERT_TRUE(padded);
  EXPECT_EQ(padded->size, 300663u) << "its own TLV area: an ECDSA signature's DER length varies by a byte";
  EXPECT_NE(padded->measured_by.find("file 471040 bytes"), std::string::npos) << padded->measured_by;
}

TEST(LayoutImageSize, OtherFiles_MeasuredByFileSize) {
  auto raw = layout::measure_image(vector_path("payloads/payload_300000.bin"));
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw->size, 300000u);
  EXPECT_EQ(raw->measured_by, "file size");
  auto broken = layout::measure_image(vector_path("tampered/ecdsa_p256_1k_header_magic_flip.bin"));
  ASSERT_TRUE(broken);
  EXPECT_EQ(broken->measured_by, "file size");
  EXPECT_FALSE(layout::measure_image("/nonexistent/app.bin"));
}

}  // namespace
}  // namespace norboot::tools::inspect::inspect_images_test
