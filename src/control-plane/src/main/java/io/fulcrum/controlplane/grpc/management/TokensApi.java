package io.fulcrum.controlplane.grpc.management;

import static io.fulcrum.controlplane.grpc.management.Calls.*;

import com.google.protobuf.Empty;
import io.fulcrum.api.v1.CreateTokenRequest;
import io.fulcrum.api.v1.CreatedToken;
import io.fulcrum.api.v1.DeleteTokenRequest;
import io.fulcrum.api.v1.ListTokensRequest;
import io.fulcrum.api.v1.ListTokensResponse;
import io.fulcrum.api.v1.Token;
import io.fulcrum.api.v1.TokensGrpc;
import io.fulcrum.controlplane.api.TokensResource;
import io.fulcrum.controlplane.auth.TokenService;
import io.fulcrum.model.Enums.Role;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.ValidationException;
import io.fulcrum.model.codec.DocumentCodec;
import io.fulcrum.wire.api.RestJson;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** fulcrum.v1.Tokens: the calls of TokensResource (admin only), on the same TokenService. */
@ApplicationScoped
public class TokensApi implements TokensGrpc.AsyncService, BindableService {
    @Inject
    TokenService tokens;

    @Inject
    BearerAuth auth;

    @Override
    public ServerServiceDefinition bindService() {
        return auth.protect(TokensGrpc.bindService(this), Role.ADMIN);
    }

    @Override
    public void listTokens(ListTokensRequest req, StreamObserver<ListTokensResponse> out) {
        answer(out, () -> {
            ListTokensResponse.Builder b = ListTokensResponse.newBuilder();
            for (var t : tokens.list()) b.addTokens(RestJson.parse(TokensResource.tokenView(t), Token.newBuilder()));
            return b.build();
        });
    }

    @Override
    public void createToken(CreateTokenRequest req, StreamObserver<CreatedToken> out) {
        answer(out, () -> {
            Token t = req.getToken();
            List<FieldError> errors = new ArrayList<>();
            if (!DocumentCodec.isName(t.getName()))
                errors.add(new FieldError("/name", "is required: letters, digits, '.', '_' and '-', at most 63"));
            String role = t.getRoleValue() == 0 || t.getRole() == io.fulcrum.api.v1.Role.UNRECOGNIZED
                    ? null
                    : RestJson.rest(t.getRole().getValueDescriptor());
            if (role == null) errors.add(new FieldError("/role", "is required: viewer, operator or admin"));
            if (!errors.isEmpty()) throw new ValidationException(errors);
            TokenService.Created c =
                    tokens.create(t.getName(), Role.valueOf(role.toUpperCase(Locale.ROOT)), null, actor());
            return RestJson.parse(
                            TokensResource.tokenView(c.token()).put("secret", c.secret()), CreatedToken.newBuilder())
                    .build();
        });
    }

    @Override
    public void deleteToken(DeleteTokenRequest req, StreamObserver<Empty> out) {
        answer(out, () -> {
            tokens.revoke(id(req.getName(), "tokens", "name"), actor());
            return Empty.getDefaultInstance();
        });
    }
}
