#include "sim/board_boot.hpp"

#include <chrono>

#include "boot/validator_check.hpp"
#include "crypto_openssl/openssl_crypto.hpp"

namespace norboot::sim {

class BoardImageCheck {
 public:
  explicit BoardImageCheck(const std::vector<std::vector<std::byte>>& keys) : keys_(keys) {
    for (const auto& k : keys_) trusted_.push_back({k, "trusted"});
    keyring_ = image::Keyring(trusted_);
    image::ValidateOptions opt;
    opt.require_signature = !keys_.empty();
    check_ = std::make_unique<boot::ValidatorCheck>(crypto_, keyring_, opt, work_);
  }
  boot::ImageCheck& check() { return *check_; }

 private:
  std::vector<std::vector<std::byte>> keys_;
  std::vector<image::TrustedKey> trusted_;
  image::Keyring keyring_;
  crypto_openssl::OpenSslCrypto crypto_;
  std::array<std::byte, 512> work_{};
  std::unique_ptr<boot::ValidatorCheck> check_;
};

std::unique_ptr<BoardImageCheck> make_image_check(const std::vector<std::vector<std::byte>>& keys) {
  return std::make_unique<BoardImageCheck>(keys);
}

boot::ImageCheck& as_image_check(BoardImageCheck& c) { return c.check(); }

namespace {

class CounterStore final : public boot::SecurityCounterStore {
 public:
  explicit CounterStore(uint32_t& value) : value_(value) {}
  core::Result<uint32_t> get() override { return value_; }
  core::Status raise_to(uint32_t v) override {
    value_ = std::max(value_, v);
    return core::ok();
  }

 private:
  uint32_t& value_;
};

}  // namespace

BootRun run_bootloader(Board& board, const BootSettings& s, bool echo) {
  BootRun run;
  run.log.set_echo(echo);
  auto areas = board.boot_areas(s.strategy);
  if (!areas) {
    run.result = std::unexpected(areas.error());
    return run;
  }
  auto images = make_image_check(s.trusted_keys);
  std::optional<CounterStore> counter;
  if (s.security_counter != nullptr) counter.emplace(*s.security_counter);
  std::vector<std::byte> work(4096);
  boot::BootConfig cfg{.strategy = s.strategy, .max_align = s.max_align, .validate_primary = s.validate_primary,
                       .downgrade = s.downgrade};
  const auto t0 = std::chrono::steady_clock::now();
  boot::Bootloader bl(cfg, *areas, board.clock(), as_image_check(*images), run.log, work,
                      counter ? &*counter : nullptr);
  run.result = bl.run();
  run.host_ns = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - t0).count());
  return run;
}

}  // namespace norboot::sim
