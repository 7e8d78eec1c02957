#pragma once
// SPI NOR command opcodes the driver sends (single-byte, SPI mode 0/3, MSB first). Facts from
// JESD216 and the datasheets summarised in shared/reference/spi-nor.md §1.2 and §3.
#include <cstdint>

namespace norboot::spinor::op {

inline constexpr uint8_t kWriteEnable = 0x06;     // WREN: sets WEL
inline constexpr uint8_t kReadStatus = 0x05;      // RDSR: WIP bit 0, WEL bit 1, BP bits 2..5
inline constexpr uint8_t kWriteStatus = 0x01;     // WRSR: needs WEL, runs a tW cycle
inline constexpr uint8_t kReadId = 0x9F;          // RDID: manufacturer, type, capacity
inline constexpr uint8_t kReadSfdp = 0x5A;        // RDSFDP: 3-byte address + 1 dummy byte
inline constexpr uint8_t kFastRead = 0x0B;        // FAST_READ: address + 1 dummy byte
inline constexpr uint8_t kFastRead4b = 0x0C;      // FAST_READ with a 4-byte address (stateless)
inline constexpr uint8_t kPageProgram = 0x02;     // PP: 1..page bytes, wraps inside the page
inline constexpr uint8_t kPageProgram4b = 0x12;   // PP with a 4-byte address (stateless)
inline constexpr uint8_t kChipErase = 0xC7;       // CE (0x60 is the same command)
inline constexpr uint8_t kResetEnable = 0x66;     // RSTEN: arms the next command
inline constexpr uint8_t kReset = 0x99;           // RST: only after RSTEN; leaves 4-byte mode
inline constexpr uint8_t kDeepPowerDown = 0xB9;   // DP
inline constexpr uint8_t kReleasePowerDown = 0xAB;  // RDP/RES: leaves DP (MX25R: any CS# pulse)
inline constexpr uint8_t kEnter4ByteMode = 0xB7;  // EN4B: volatile, survives an MCU reset
inline constexpr uint8_t kExit4ByteMode = 0xE9;   // EX4B

/// Status register bits common to every part here (reference §1.3).
inline constexpr uint8_t kStatusWip = 0x01;
inline constexpr uint8_t kStatusWel = 0x02;

/// The dedicated 4-byte erase opcode for a 3-byte one, when the part has the usual set
/// (SE4 0x21, BE32K4 0x5C, BE4 0xDC); 0 when there is none.
constexpr uint8_t erase_opcode_4b(uint8_t opcode_3b) {
  switch (opcode_3b) {
    case 0x20: return 0x21;
    case 0x52: return 0x5C;
    case 0xD8: return 0xDC;
    default: return 0;
  }
}

}  // namespace norboot::spinor::op
