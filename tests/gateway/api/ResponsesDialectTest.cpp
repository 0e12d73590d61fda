// The Responses dialect: what it accepts and refuses (OpenAI API reference, "Create a model
// response"), and the canonical request it builds.

#include "api/responses/ResponsesDialect.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <gtest/gtest.h>

using namespace gateway::api;

namespace {

struct Parsed
{
    bool ok = false;
    ChatRequest request;
    DialectError error;
};

Parsed parse(const QByteArray& body)
{
    Parsed p;
    p.ok =
        ResponsesDialect::instance().parse(Endpoint::ChatCompletions, body, &p.request, &p.error);
    return p;
}

CanonicalRequest canonical(const QByteArray& body)
{
    Parsed p = parse(body);
    EXPECT_TRUE(p.ok) << p.error.message.constData();
    return p.request.canonical();
}

} // namespace

TEST(ResponsesDialectTest, ReadsMaxOutputTokensForAdmission)
{
    EXPECT_EQ(parse(R"({"model":"m","input":"Hi","max_output_tokens":128})").request.maxTokens,
              128);
    EXPECT_EQ(parse(R"({"model":"m","input":"Hi","max_output_tokens":null})").request.maxTokens,
              -1);
    EXPECT_EQ(parse(R"({"model":"m","input":"Hi"})").request.maxTokens, -1);
}

TEST(ResponsesDialectTest, StringInputIsOneUserMessage)
{
    const Parsed p = parse(R"({"model":"gpt-4.1","input":"Hello","stream":true,"store":false})");
    ASSERT_TRUE(p.ok);
    EXPECT_EQ(p.request.model, "gpt-4.1");
    EXPECT_TRUE(p.request.stream);
    EXPECT_EQ(p.request.endpoint, Endpoint::ChatCompletions);
    const ResponsesRequest* data = ResponsesDialect::requestData(p.request);
    ASSERT_NE(data, nullptr);
    EXPECT_FALSE(data->store);
    EXPECT_EQ(
        data->inputItems,
        R"([{"type":"message","role":"user","content":[{"type":"input_text","text":"Hello"}]}])");
    const CanonicalRequest c = p.request.canonical();
    ASSERT_EQ(c.messages.size(), 1);
    EXPECT_EQ(c.messages[0].role, Role::User);
    EXPECT_EQ(c.messages[0].text(), "Hello");
    EXPECT_TRUE(c.stream);
}

TEST(ResponsesDialectTest, StoreDefaultsToTrueAndPreviousResponseIdIsRead)
{
    const Parsed p = parse(R"({"model":"m","input":"x","previous_response_id":"resp_1"})");
    ASSERT_TRUE(p.ok);
    const ResponsesRequest* data = ResponsesDialect::requestData(p.request);
    EXPECT_TRUE(data->store);
    EXPECT_EQ(data->previousResponseId, "resp_1");
}

TEST(ResponsesDialectTest, ConversationItemsBecomeCanonicalMessages)
{
    const CanonicalRequest c = canonical(R"({"model":"m","instructions":"Be terse.",
      "input":[
        {"role":"developer","content":"Answer in French."},
        {"type":"message","role":"user","content":[{"type":"input_text","text":"Weather in Paris?"},
                                                   {"type":"input_image","image_url":"https://example.com/p.png","detail":"low"}]},
        {"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"Need the tool."}]},
        {"type":"function_call","id":"fc_1","call_id":"call_1","name":"get_weather","arguments":"{\"city\":\"Paris\"}"},
        {"type":"function_call","id":"fc_2","call_id":"call_2","name":"get_time","arguments":"{}"},
        {"type":"function_call_output","call_id":"call_1","output":"18C"},
        {"type":"function_call_output","call_id":"call_2","output":[{"type":"input_text","text":"noon"}]},
        {"role":"assistant","content":[{"type":"output_text","text":"Il fait 18C.","annotations":[]}]}
      ]})");
    EXPECT_EQ(c.system, "Be terse.\n\nAnswer in French.");
    ASSERT_EQ(c.messages.size(), 5);
    EXPECT_EQ(c.messages[0].role, Role::User);
    ASSERT_EQ(c.messages[0].parts.size(), 2);
    EXPECT_EQ(c.messages[0].parts[1].kind, ContentPart::Kind::ImageUrl);
    EXPECT_EQ(c.messages[0].parts[1].url, "https://example.com/p.png");
    EXPECT_EQ(c.messages[0].parts[1].detail, "low");
    // Both calls in one assistant turn, with the reasoning before them.
    EXPECT_EQ(c.messages[1].role, Role::Assistant);
    EXPECT_EQ(c.messages[1].reasoning, "Need the tool.");
    ASSERT_EQ(c.messages[1].toolCalls.size(), 2);
    EXPECT_EQ(c.messages[1].toolCalls[0].id, "call_1");
    EXPECT_EQ(c.messages[1].toolCalls[0].name, "get_weather");
    EXPECT_EQ(c.messages[1].toolCalls[0].arguments, "{\"city\":\"Paris\"}");
    EXPECT_EQ(c.messages[2].role, Role::Tool);
    EXPECT_EQ(c.messages[2].toolCallId, "call_1");
    EXPECT_EQ(c.messages[2].text(), "18C");
    EXPECT_EQ(c.messages[3].text(), "noon");
    EXPECT_EQ(c.messages[4].role, Role::Assistant);
    EXPECT_EQ(c.messages[4].text(), "Il fait 18C.");
}

TEST(ResponsesDialectTest, ToolsChoiceFormatAndSamplingBecomeCanonical)
{
    const CanonicalRequest c = canonical(R"({"model":"m","input":"x",
      "tools":[{"type":"function","name":"get_weather","description":"Weather.","strict":true,
                "parameters":{"type":"object","properties":{"city":{"type":"string"}}}}],
      "tool_choice":{"type":"function","name":"get_weather"},
      "text":{"format":{"type":"json_schema","name":"w","strict":true,"schema":{"type":"object"}}},
      "max_output_tokens":64,"temperature":0.5,"top_p":0.9,"parallel_tool_calls":false,
      "reasoning":{"effort":"high"},"user":"u-1","metadata":{"a":"b"}})");
    ASSERT_EQ(c.tools.size(), 1);
    EXPECT_EQ(c.tools[0].name, "get_weather");
    EXPECT_EQ(c.tools[0].description, "Weather.");
    EXPECT_EQ(c.tools[0].parameters.value("type").toString(), "object");
    EXPECT_EQ(QJsonDocument(c.toolChoice.toObject()).toJson(QJsonDocument::Compact),
              R"({"function":{"name":"get_weather"},"type":"function"})");
    const QJsonObject format = c.responseFormat.toObject();
    EXPECT_EQ(format.value("type").toString(), "json_schema");
    EXPECT_EQ(format.value("json_schema").toObject().value("name").toString(), "w");
    EXPECT_TRUE(format.value("json_schema").toObject().value("strict").toBool());
    EXPECT_EQ(c.maxTokens, 64);
    EXPECT_DOUBLE_EQ(*c.temperature, 0.5);
    EXPECT_DOUBLE_EQ(*c.topP, 0.9);
    EXPECT_EQ(c.parallelToolCalls, false);
    EXPECT_EQ(c.reasoningEffort, "high");
    EXPECT_EQ(c.user, "u-1");
    EXPECT_EQ(c.metadata.value("a").toString(), "b");
}

TEST(ResponsesDialectTest, JsonObjectFormatAndStringToolChoice)
{
    const CanonicalRequest c = canonical(
        R"({"model":"m","input":"x","tool_choice":"required","text":{"format":{"type":"json_object"}}})");
    EXPECT_EQ(c.toolChoice.toString(), "required");
    EXPECT_EQ(c.responseFormat.toObject().value("type").toString(), "json_object");
    const CanonicalRequest plain =
        canonical(R"({"model":"m","input":"x","text":{"format":{"type":"text"}}})");
    EXPECT_TRUE(plain.responseFormat.isUndefined());
    EXPECT_TRUE(plain.toolChoice.isUndefined());
}

TEST(ResponsesDialectTest, RefusesWhatItCannotServeWithAClearMessage)
{
    struct Case
    {
        const char* body;
        const char* param;
        const char* message; // a part of it
    };
    const Case cases[] = {
        {R"(not json)", "", "could not parse the JSON body"},
        {R"({"input":"x"})", "model", "Missing required parameter: 'model'"},
        {R"({"model":"m"})", "input", "Missing required parameter: 'input'"},
        {R"({"model":"m","input":[]})", "input", "empty array"},
        {R"({"model":"m","input":42})", "input", "expected a string or an array"},
        {R"({"model":"m","model":"n","input":"x"})", "", "more than one 'model' key"},
        {R"({"model":"m","input":"x","tools":[{"type":"web_search_preview"}]})", "tools[0].type",
         "Tools of type 'web_search_preview' are not supported"},
        {R"({"model":"m","input":"x","tools":[{"type":"function"}]})", "tools[0].name",
         "Missing required parameter"},
        {R"({"model":"m","input":[{"role":"tool","content":"x"}]})", "input[0].role",
         "Invalid value: 'tool'"},
        {R"({"model":"m","input":[{"type":"item_reference","id":"msg_1"}]})", "input[0].type",
         "item_reference"},
        {R"({"model":"m","input":[{"type":"web_search_call","id":"ws_1"}]})", "input[0].type",
         "'web_search_call' are not supported"},
        {R"({"model":"m","input":[{"role":"user","content":[{"type":"input_file","file_id":"f"}]}]})",
         "input[0].content[0].type", "'input_file'"},
        {R"({"model":"m","input":[{"role":"user","content":[{"type":"input_image","file_id":"f"}]}]})",
         "input[0].content[0].image_url", "image_url' is required"},
        {R"({"model":"m","input":[{"type":"function_call","call_id":"c","name":"f"}]})",
         "input[0].arguments", "Missing required parameter"},
        {R"({"model":"m","input":"x","tool_choice":"sometimes"})", "tool_choice",
         "Invalid value: 'sometimes'"},
        {R"({"model":"m","input":"x","tool_choice":{"type":"file_search"}})", "tool_choice.type",
         "function tools only"},
        {R"({"model":"m","input":"x","text":{"format":{"type":"json_schema","name":"n"}}})",
         "text.format.schema", "text.format.schema"},
        {R"({"model":"m","input":"x","max_output_tokens":0})", "max_output_tokens", "at least 1"},
        {R"({"model":"m","input":"x","temperature":3})", "temperature", "from 0 to 2"},
        {R"({"model":"m","input":"x","stream":"yes"})", "stream", "expected a boolean"},
        {R"({"model":"m","input":"x","background":true})", "background", "not supported"},
        {R"({"model":"m","input":"x","conversation":"conv_1"})", "conversation", "not supported"},
    };
    for (const Case& c : cases) {
        const Parsed p = parse(c.body);
        EXPECT_FALSE(p.ok) << c.body;
        EXPECT_EQ(p.error.status, 400) << c.body;
        EXPECT_EQ(p.error.param, QByteArray(c.param)) << c.body;
        EXPECT_TRUE(p.error.message.contains(c.message))
            << c.body << " -> " << p.error.message.constData();
    }
}

TEST(ResponsesDialectTest, UnknownFieldsPassUnread)
{
    EXPECT_TRUE(parse(R"({"model":"m","input":"x","include":["reasoning.encrypted_content"],
                          "truncation":"auto","service_tier":"auto","prompt_cache_key":"k"})")
                    .ok);
}

TEST(ResponsesDialectTest, ErrorsAreOpenAiShaped)
{
    const QJsonObject error =
        QJsonDocument::fromJson(ResponsesDialect::instance().errorBody(
                                    404, "Response with id 'resp_x' not found.", nullptr, nullptr))
            .object()
            .value("error")
            .toObject();
    EXPECT_EQ(error.value("message").toString(), "Response with id 'resp_x' not found.");
    EXPECT_EQ(error.value("type").toString(), "invalid_request_error");
}

TEST(ResponsesDialectTest, StoredResponseOperationsTakeNoBody)
{
    ChatRequest r;
    DialectError e;
    EXPECT_TRUE(ResponsesDialect::instance().parse(Endpoint::ResponseRetrieve, {}, &r, &e));
    EXPECT_EQ(ResponsesDialect::requestData(r), nullptr);
    EXPECT_TRUE(r.canonical().messages.isEmpty());
}
