#pragma once

namespace gateway::pipeline {
struct RequestContext;
}

namespace gateway::stages {

// What a request used and what it cost, settled once when its response is over, for every
// completion hook that needs it (the limits stage settles its reservation with it, the record
// stage logs it; whichever runs first does the work, the other finds ctx.accounted set).
//
// Where the upstream reported no usage but answered, the usage is estimated (about four bytes
// a token of the prompt's text, one token a content chunk) and ctx.usageEstimated is set. The
// cost is governance::costOf at the request's price (models[].pricing, else the shipped table
// by upstream model, else by alias), 0 when no price is known.
//
// Runs on the worker's event loop, where a client that went away ends too: it never parses.
void account(pipeline::RequestContext& ctx);

} // namespace gateway::stages
