#include "core/status.hpp"

namespace iru::heroku {

std::string_view to_string(Status status) noexcept {
    switch (status) {
        case Status::ok:
            return "ok";
        case Status::partial:
            return "partial";
        case Status::auth_failed:
            return "auth_failed";
        case Status::permission_denied:
            return "permission_denied";
        case Status::rate_limited:
            return "rate_limited";
        case Status::network:
            return "network";
        case Status::bad_config:
            return "bad_config";
        case Status::cancelled:
            return "cancelled";
        case Status::internal:
            return "internal";
    }
    return "internal";
}

}  // namespace iru::heroku
