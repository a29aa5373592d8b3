#include "state_store.hpp"

#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "atomic_file.hpp"
#include "private_folder.hpp"
#include "text_codec.hpp"

namespace iru::host {
using nlohmann::json;

bool StateStore::valid_key(std::string_view key) {
    if (key.empty() || key.size() > max_key_bytes) return false;
    for (char c : key)
        if (c < 0x21 || c > 0x7e) return false;
    return true;
}

StateStore::StateStore(std::filesystem::path file) : file_(std::move(file)) {
    check_private_folder_if_present(file_.parent_path());
    std::error_code ec;
    if (!std::filesystem::exists(file_, ec)) return;
    std::ifstream in(file_, std::ios::binary);
    if (!in) throw std::runtime_error("state file " + file_.string() + " cannot be read");
    try {
        const auto size = std::filesystem::file_size(file_);
        if (size > max_file_bytes)
            throw std::runtime_error("larger than " + std::to_string(max_file_bytes >> 20) +
                                     " MiB");
        std::string text(static_cast<std::size_t>(size), '\0');
        if (!in.read(text.data(), static_cast<std::streamsize>(text.size())))
            throw std::runtime_error("short read");
        const json doc = json::parse(text);
        if (!doc.is_object() || !doc.contains("values") || !doc["values"].is_object())
            throw std::runtime_error("not a state document");
        for (const auto& item : doc["values"].items()) {
            if (item.value().is_string()) {
                values_[item.key()] = item.value().get<std::string>();
            } else if (item.value().is_object() && item.value().contains("base64") &&
                       item.value()["base64"].is_string()) {
                values_[item.key()] = base64_decode(item.value()["base64"].get<std::string>());
            } else {
                throw std::runtime_error("bad value for key " + item.key());
            }
            total_bytes_ += item.key().size() + values_[item.key()].size();
        }
    } catch (const std::exception& e) {
        values_.clear();
        total_bytes_ = 0;
        const auto aside = std::filesystem::path(file_.string() + ".corrupt");
        std::filesystem::rename(file_, aside, ec);
        warning_ = "state file " + file_.string() + " was unreadable (" + e.what() +
                   "); moved to " + aside.string() + ", starting with empty state";
    }
}

std::optional<std::string> StateStore::get(const std::string& key) const {
    std::lock_guard lock(mutex_);
    const auto it = values_.find(key);
    if (it == values_.end()) return std::nullopt;
    return it->second;
}

std::string StateStore::set(const std::string& key, std::optional<std::string> value) {
    if (!valid_key(key)) return "state key must be 1..128 bytes of printable ASCII";
    std::lock_guard lock(mutex_);
    const auto it = values_.find(key);
    const std::size_t old_bytes = it == values_.end() ? 0 : key.size() + it->second.size();
    if (!value) {
        if (it == values_.end()) return "";
        values_.erase(it);
        total_bytes_ -= old_bytes;
        dirty_ = true;
        return "";
    }
    if (value->size() > max_value_bytes)
        return "state value for \"" + key + "\" is larger than 64 KiB";
    if (it == values_.end() && values_.size() >= max_entries)
        return "state holds too many keys (" + std::to_string(max_entries) + ")";
    const std::size_t new_total = total_bytes_ - old_bytes + key.size() + value->size();
    if (new_total > max_total_bytes)
        return "state would hold more than " + std::to_string(max_total_bytes >> 20) + " MiB";
    values_[key] = std::move(*value);
    total_bytes_ = new_total;
    dirty_ = true;
    return "";
}

void StateStore::save() {
    std::lock_guard lock(mutex_);
    if (!dirty_) return;
    json values = json::object();
    for (const auto& [key, value] : values_) {
        if (is_valid_utf8(value))
            values[key] = value;
        else
            values[key] = json{{"base64", base64_encode(value)}};
    }
    const json doc = {{"format", "iru-host-state/1"}, {"values", values}};
    ensure_private_folder(file_.parent_path());
    write_file_atomically(file_, doc.dump(2) + "\n", 0600);
    dirty_ = false;
}

}  // namespace iru::host
