#include "labelkit/enum_names.hpp"

namespace labelkit {

std::string or_list(const std::vector<std::string>& choices) {
    std::string text;
    for (std::size_t i = 0; i < choices.size(); ++i)
        text += (i == 0 ? "" : i + 1 == choices.size() ? " or " : ", ") + choices[i];
    return text;
}

}  // namespace labelkit
