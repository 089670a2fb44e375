// SageMaker Ground Truth worker responses: annotations/worker-response/iteration-N/<object>/<time>.json,
// one file per worker answer. The outer layout is not documented in full; read are
//   {"answers": [{"workerId", "workerMetadata": {"identityData": {"sub"}}, "answerContent": {...}}]},
//   [{<answer content>}, ...]  (a custom template's output, as the crowd element pages show it),
//   [{"datasetObjectId", "dataObject": {"s3Uri"|"content"}, "annotations": [{"workerId",
//     "annotationData": {"content": "<answer content as a JSON string>"}}]}]  (the post-annotation
//     Lambda's input).
// Each worker is an annotator. The item: the dataObject's S3 URI when the file gives one, else the
// file's folder relative to the folder read (the dataset object's index), else the file's stem.
#include <algorithm>

#include <fmt/format.h>

#include "formats/sagemaker/sagemaker_private.hpp"
#include "labelkit/error.hpp"
#include "labelkit/io.hpp"

namespace labelkit::sagemaker {

namespace fs = std::filesystem;

namespace {

struct ResponseFile {
    fs::path path;
    std::string key;  // the item when the file does not name one: its folder or its stem
    std::string name;  // the file relative to the input, for annotators without an id
};

struct ResponseReader {
    DatasetBuilder& builder;
    const ReadOptions& options;
    DiagnosticSink& sink;
    std::unordered_map<std::string, std::size_t> unread;
    std::size_t unread_files = 0;

    void report(const Error& error) { report_or_throw(error, options, sink, "sagemaker/schema"); }

    static std::string string_or(const nlohmann::json& object, const char* key, const std::string& fallback) {
        const auto found = object.is_object() ? object.find(key) : object.end();
        return found != object.end() && found->is_string() && !found->get_ref<const std::string&>().empty()
                   ? found->get<std::string>()
                   : fallback;
    }

    // The worker: "workerId", or the private workforce's identity ("workerMetadata.identityData.sub").
    static std::string worker_of(const nlohmann::json& answer, const std::string& fallback) {
        const nlohmann::json identity =
            answer.value("workerMetadata", nlohmann::json::object()).value("identityData", nlohmann::json::object());
        return string_or(answer, "workerId", string_or(identity, "sub", fallback));
    }

    static std::string item_of(const nlohmann::json& holder, const std::string& fallback) {
        const nlohmann::json data_object = holder.is_object() ? holder.value("dataObject", nlohmann::json::object())
                                                              : nlohmann::json::object();
        return string_or(data_object, "s3Uri", string_or(data_object, "source-ref", fallback));
    }

    void read_content(const nlohmann::json& content, const std::string& item, const std::string& worker,
                      const Location& where, std::uint32_t file) {
        AnswerSource source;
        source.where = where;
        source.origin = Origin{file, 0};
        source.item = builder.item(item, ItemKind::image, source.origin);
        source.annotator = builder.annotator(worker);
        builder.dataset().answers.push_back({source.item, source.annotator});  // a response, even without boxes
        source.format = "sagemaker";
        read_answer_content(content, source, builder, options, sink, unread);
    }

    void read_answers(const nlohmann::json& document, const ResponseFile& response, std::uint32_t file) {
        const nlohmann::json& answers = document["answers"];
        if (!answers.is_array()) throw Error("\"answers\" must be an array", {response.path.string(), 0, 0, "/answers"}, "sagemaker/schema");
        const std::string item = item_of(document, response.key);
        for (std::size_t i = 0; i < answers.size(); ++i) {
            const std::string pointer = fmt::format("/answers/{}", i);
            const nlohmann::json& answer = answers[i];
            if (!answer.is_object() || !answer.contains("answerContent")) {
                report(Error("an answer must be an object with \"answerContent\"", {response.path.string(), 0, 0, pointer},
                             "sagemaker/schema"));
                continue;
            }
            const std::string unnamed = answers.size() == 1 ? response.name : fmt::format("{}#{}", response.name, i);
            read_content(answer["answerContent"], item_of(answer, item), worker_of(answer, unnamed),
                         {response.path.string(), 0, 0, pointer + "/answerContent"}, file);
        }
    }

    // The post-annotation Lambda's input: per data object, the workers' answers as JSON strings.
    void read_lambda_object(const nlohmann::json& object, const ResponseFile& response, const std::string& pointer,
                            std::uint32_t file) {
        const auto id = object.find("datasetObjectId");
        const std::string object_id = id == object.end() ? response.key : id->is_string() ? id->get<std::string>() : id->dump();
        const std::string item = item_of(object, object_id);
        const nlohmann::json& annotations = object["annotations"];
        if (!annotations.is_array()) throw Error("\"annotations\" must be an array", {response.path.string(), 0, 0, pointer + "/annotations"}, "sagemaker/schema");
        for (std::size_t i = 0; i < annotations.size(); ++i) {
            const std::string content_pointer = fmt::format("{}/annotations/{}/annotationData/content", pointer, i);
            const Location where{response.path.string(), 0, 0, content_pointer};
            try {
                const nlohmann::json data = annotations[i].is_object() ? annotations[i].value("annotationData", nlohmann::json()) : nlohmann::json();
                if (!data.is_object() || !data.contains("content") || !data["content"].is_string())
                    throw Error("an annotation needs \"annotationData\": {\"content\": \"<JSON>\"}", where, "sagemaker/schema");
                const nlohmann::json content = parse_json(data["content"].get<std::string>(), where, "sagemaker/answer-json");
                read_content(content, item, worker_of(annotations[i], fmt::format("{}#{}", response.name, i)), where, file);
            } catch (const Error& error) {
                report(error);
            }
        }
    }

    void read_file(const ResponseFile& response) {
        const std::uint32_t file = builder.add_file(response.path);
        const Location whole{response.path.string()};
        const nlohmann::json document = parse_json(read_text_file(response.path), whole, "sagemaker/json-syntax");
        if (document.is_object() && document.contains("answers")) return read_answers(document, response, file);
        if (!document.is_array())
            throw Error("a worker response must be {\"answers\": [...]} or a list of answers", whole, "sagemaker/schema");
        for (std::size_t i = 0; i < document.size(); ++i) {
            const std::string pointer = fmt::format("/{}", i);
            try {
                if (document[i].is_object() && document[i].contains("annotations"))
                    read_lambda_object(document[i], response, pointer, file);
                else
                    read_content(document[i], response.key,
                                 document.size() == 1 ? response.name : fmt::format("{}#{}", response.name, i),
                                 {response.path.string(), 0, 0, pointer}, file);
            } catch (const Error& error) {
                report(error);
            }
        }
    }
};

std::vector<ResponseFile> response_files(const fs::path& input, bool folder) {
    std::vector<ResponseFile> files;
    if (!folder) {
        files.push_back({input, input.stem().string(), input.filename().string()});
        return files;
    }
    for (const fs::path& path : worker_response_files(input)) {
        const fs::path relative = path.lexically_relative(input);
        const std::string parent = relative.parent_path().generic_string();
        files.push_back({path, parent.empty() ? path.stem().string() : parent, relative.generic_string()});
    }
    return files;
}

}  // namespace

Dataset read_worker_responses(const fs::path& input, const ReadOptions& options, DiagnosticSink& sink) {
    Dataset dataset;
    DatasetBuilder builder(dataset);
    ResponseReader reader{builder, options, sink, {}};
    const bool folder = fs::is_directory(input);
    const std::vector<ResponseFile> files = response_files(without_trailing_separator(input), folder);
    if (files.empty())
        throw Error("the folder has no worker-response files (JSON with \"answers\"/\"answerContent\")", {input.string()},
                    "sagemaker/schema");
    for (const ResponseFile& file : files) {
        try {
            reader.read_file(file);
        } catch (const Error& error) {
            reader.report(error);
        }
    }
    report_unread(reader.unread, "sagemaker/unread", "answers of the element", {input.string()}, sink);
    return dataset;
}

}  // namespace labelkit::sagemaker
