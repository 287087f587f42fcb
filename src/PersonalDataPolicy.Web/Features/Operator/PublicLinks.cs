using Microsoft.Extensions.Options;
using PersonalDataPolicy.Web.Features.Mail;

namespace PersonalDataPolicy.Web.Features.Operator;

/// <summary>
/// Absolute links the site writes into receipts and mails: the configured public base URL and a path from routing,
/// never the Host header of the request at hand (anyone can send any Host).
/// </summary>
public sealed class PublicLinks(LinkGenerator links, IOptions<MailOptions> options)
{
    public string BaseUrl => options.Value.PublicBaseUrl.TrimEnd('/');

    public string Action(string action, string controller, object values) =>
        BaseUrl + (links.GetPathByAction(action, controller, values)
            ?? throw new InvalidOperationException($"No route to {controller}.{action}."));
}
