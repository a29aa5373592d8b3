#include "collect/token_scope.hpp"

#include <vector>

namespace iru::heroku {

namespace {

std::vector<std::string_view> scope_words(std::string_view scopes) {
    std::vector<std::string_view> words;
    std::size_t i = 0;
    while (i < scopes.size()) {
        const std::size_t end = scopes.find_first_of(" ,\t", i);
        const std::string_view word =
            scopes.substr(i, end == std::string_view::npos ? end : end - i);
        if (!word.empty()) words.push_back(word);
        if (end == std::string_view::npos) break;
        i = end + 1;
    }
    return words;
}

}  // namespace

bool scope_list_has(std::string_view scopes, std::string_view scope) {
    for (auto word : scope_words(scopes))
        if (word == scope) return true;
    return false;
}

std::optional<std::string> explain_scope_denial(std::string_view token_scope,
                                                std::string_view accepted,
                                                std::string_view resource) {
    if (scope_words(token_scope).empty() || scope_list_has(token_scope, "global"))
        return std::nullopt;
    for (auto word : scope_words(token_scope))
        if (scope_list_has(accepted, word)) return std::nullopt;
    std::string why = "the token's OAuth scope is \"" + std::string(token_scope) + "\" and GET " +
                      std::string(resource) + " needs ";
    why += scope_words(accepted).empty() ? std::string("\"global\"")
                                         : "one of \"" + std::string(accepted) + "\"";
    return why + ": create a token with global scope: `" + std::string(global_scope_remedy) + "`";
}

std::string scope_warning(std::string_view token_scope) {
    return "the token's OAuth scope is \"" + std::string(token_scope) +
           "\", not global: team members (two-factor evidence) and config var names cannot be "
           "read. Create a token with `" +
           std::string(global_scope_remedy) + "` and update the source's credential";
}

}  // namespace iru::heroku
