#include "spinor/known_chips.hpp"

namespace norboot::spinor {

ProtectedRange protected_range(const ProtectRule& rule, uint8_t sr, uint32_t size) {
  const uint8_t field = sr & rule.mask;
  if (field == 0) return {};
  if (rule.first_unit == 0) return {0, size};
  const uint32_t bp = field >> __builtin_ctz(rule.mask);
  const uint64_t len = uint64_t{rule.first_unit} << (bp - 1);
  if (len >= size) return {0, size};
  const bool bottom = rule.tb_bit != 0 && (sr & rule.tb_bit) != 0;
  return {bottom ? 0 : static_cast<uint32_t>(size - len), static_cast<uint32_t>(len)};
}

}  // namespace norboot::spinor
