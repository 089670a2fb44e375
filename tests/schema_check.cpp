#include "schema_check.hpp"

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/validator.hpp>

#include "support.hpp"

namespace labelkit::test {

std::vector<std::string> schema_errors(const std::filesystem::path& schema_path, const nlohmann::json& document,
                                       valijson::SchemaParser::Version version) {
    const nlohmann::json schema_document = nlohmann::json::parse(read_file(schema_path));
    valijson::Schema schema;
    valijson::SchemaParser parser(version);
    valijson::adapters::NlohmannJsonAdapter schema_adapter(schema_document);
    parser.populateSchema(schema_adapter, schema);
    valijson::Validator validator;
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter target(document);
    std::vector<std::string> errors;
    if (!validator.validate(schema, target, &results)) {
        valijson::ValidationResults::Error error;
        while (results.popError(error)) errors.push_back(error.description);
    }
    return errors;
}

}  // namespace labelkit::test
