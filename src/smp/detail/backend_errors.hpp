#pragma once
// How a core::Error from flash or the backend becomes an image-group code, and its text a reason.
#include "core/error.hpp"
#include "core/text.hpp"
#include "smp/codes.hpp"

namespace norboot::smp::detail {

/// `io` is the code for device failures in this context (read, write or erase failed);
/// `bad_state` the code for kBadState (NO_FREE_SLOT for uploads, IMAGE_ALREADY_PENDING for tests).
ImgErr img_err_for(const core::Error& e, ImgErr io, ImgErr bad_state = ImgErr::kImageAlreadyPending);

/// Appends "<prefix>: <error rendered as one line>" to `reason`.
void describe_into(core::TextBuf& reason, const char* prefix, const core::Error& e);

}  // namespace norboot::smp::detail
