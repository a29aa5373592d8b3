// Lookups by id or name on the generated Account.
#include "fake_heroku/account.hpp"

namespace iru::fake {

const App* Account::find_app(const std::string& id_or_name) const {
    const auto it = app_lookup.find(id_or_name);
    return it == app_lookup.end() ? nullptr : &apps[it->second];
}

const Team* Account::find_team(const std::string& id_or_name) const {
    const auto it = team_lookup.find(id_or_name);
    return it == team_lookup.end() ? nullptr : &teams[it->second];
}

const EnterpriseAccount* Account::find_enterprise_account(const std::string& id_or_name) const {
    for (const auto& ea : enterprise_accounts)
        if (ea.id == id_or_name || ea.name == id_or_name) return &ea;
    return nullptr;
}

const Space* Account::find_space(const std::string& id_or_name) const {
    for (const auto& s : spaces)
        if (s.id == id_or_name || s.name == id_or_name) return &s;
    return nullptr;
}

}  // namespace iru::fake
