// The Poco request handler of the fake: checks method, Accept, Authorization and the rate limit
// like Heroku, routes, paginates, adds Heroku's headers and records the request.
// One handler object per request (Poco's contract); all of them share one ServerState.
#pragma once

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include "server_state.hpp"

namespace iru::fake {

class ApiHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit ApiHandlerFactory(ServerState& state) : state_(state) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(
        const Poco::Net::HTTPServerRequest& request) override;

private:
    ServerState& state_;
};

}  // namespace iru::fake
