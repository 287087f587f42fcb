using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace PersonalDataPolicy.Web.Features.Api;

/// <summary>The document's title and description, and the bearer token of <see cref="AppSession"/> as its security scheme.</summary>
public sealed class ApiDocumentTransformer : IOpenApiDocumentTransformer
{
    public const string BearerScheme = "Bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Qoldau 24/7 — personal data API",
            Version = "v1",
            Description = "The API of the Social Health Insurance Fund's mobile app for its personal-data policy: read the policy, "
                + "submit an appeal with consent and get its receipt, and exercise the person's rights after proving the address "
                + "with a code sent by mail. Errors are application/problem+json in the language of Accept-Language (kk, ru, en).",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The token of POST /api/v1/access/token; valid for minutes, ended by sign-out or withdrawal.",
        };
        return Task.CompletedTask;
    }
}

/// <summary>The headers every operation understands or needs, and the bearer requirement of those that need a session.</summary>
public sealed class ApiOperationTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        operation.Parameters ??= [];
        operation.Parameters.Add(Header("Accept-Language", "The language of error messages: kk, ru or en.", required: false));
        if (metadata.OfType<WritesMetadata>().Any())
        {
            operation.Parameters.Add(Header(IdempotencyFilter.Header,
                "A unique key per request (e.g. a UUID). A retry with the same key and body gets the first answer again; the same key with another body is 422.",
                required: true));
            operation.Parameters.Add(Header(AppVersionFilter.Header, "The app's version, e.g. 2.4.1; recorded in the consent ledger.", required: true));
        }

        if (metadata.OfType<IAuthorizeData>().Any(a => a.Policy == AppSession.Policy))
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(ApiDocumentTransformer.BearerScheme, context.Document)] = [],
            });
        }

        return Task.CompletedTask;
    }

    private static OpenApiParameter Header(string name, string description, bool required) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = required,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };
}

