// The host's per-source state store as the collection sees it: small string values under string
// keys, kept between runs (plugin/ implements it over the host's state_get/state_set; tests in
// memory). Implementations are thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace iru::heroku {

class StateStore {
public:
    virtual ~StateStore() = default;
    // nullopt when the key is absent (or the host keeps no state).
    virtual std::optional<std::string> get(std::string_view key) = 0;
    virtual void set(std::string_view key, std::string_view value) = 0;
};

}  // namespace iru::heroku
