#include "plugin/descriptor.hpp"

#include "collect/catalogue.hpp"
#include "collect/record_mapping.hpp"

namespace iru::heroku {

const std::vector<std::string_view>& record_types() {
    static const std::vector<std::string_view> types = [] {
        std::vector<std::string_view> all = catalogue_record_types();
        all.push_back(record_type::collection_summary);
        return all;
    }();
    return types;
}

}  // namespace iru::heroku
