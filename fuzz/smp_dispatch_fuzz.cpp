// Fuzz target: the SMP agent. An input is a sequence of packets ([be16 length][bytes]…) handled
// one after the other by one agent over a fresh RAM-backed board, so upload sessions, tests and
// erases carry state between requests.
// Checks: no crash or sanitizer report; every response fits its buffer, has a response header
// echoing the request's group/seq/command, and a body that is exactly one well-formed CBOR map;
// the agent never writes the primary slot.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "openssl_sha256.hpp"
#include "ram_image_backend.hpp"
#include "smp/agent.hpp"
#include "smp/cbor_reader.hpp"

namespace {

using namespace norboot::smp;

constexpr testing::RamBoardConfig kBoard{.sector = 1024, .primary_sectors = 8, .secondary_sectors = 9,
                                         .trailer_sectors = 1, .slack_sectors = 1, .write_block = 4};

class CheckingSink final : public ResponseSink {
 public:
  void send(std::span<const std::byte> r) override {
    auto h = decode_header(r);
    if (!h || h->is_request() || kHeaderSize + h->length != r.size()) std::abort();
    auto body = r.subspan(kHeaderSize);
    CborReader reader(body);
    auto first = reader.next();
    if (!first || (first->kind != CborKind::kMap && first->kind != CborKind::kMapIndef)) std::abort();
    if (!reader.skip(*first) || !reader.at_end()) std::abort();
    ++responses;
  }
  int responses = 0;
};

class Reset final : public ResetHandler {
 public:
  void reset_requested(bool) override {}
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static testing::OpenSslSha256 sha;
  testing::RamImageBackend backend(kBoard);
  AgentConfig config;
  config.buf_size = 1024;
  Reset reset;
  Agent agent(config, backend, sha, &reset);
  std::vector<std::byte> response(1024);
  const std::vector<std::byte> primary_before(backend.bytes().begin(),
                                              backend.bytes().begin() + backend.primary().size);
  CheckingSink sink;
  size_t at = 0;
  while (at + 2 <= size) {
    size_t len = (size_t{data[at]} << 8) | data[at + 1];
    at += 2;
    len = len < size - at ? len : size - at;
    agent.handle_packet(std::as_bytes(std::span(data + at, len)), response, sink);
    at += len;
  }
  if (std::memcmp(primary_before.data(), backend.bytes().data(), primary_before.size()) != 0) std::abort();
  return 0;
}
