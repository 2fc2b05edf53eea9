namespace LiaisonFlow.Inbound;

/// <summary>
/// Settings under "LiaisonFlow:Inbound": the SendGrid Inbound Parse webhook's credentials and the reply
/// addresses. The webhook is closed while no username and password are set; mails carry reply addresses
/// only when the domain and the token key are set.
/// </summary>
public sealed class InboundOptions
{
    /// <summary>HTTP Basic user name SendGrid puts in the webhook URL.</summary>
    public string? Username { get; set; }

    /// <summary>HTTP Basic password SendGrid puts in the webhook URL (a Key Vault reference in Azure).</summary>
    public string? Password { get; set; }

    /// <summary>The domain whose MX points at SendGrid Inbound Parse: replies go to reply+&lt;token&gt;@ it.</summary>
    public string? Domain { get; set; }

    /// <summary>The HMAC key of the reply tokens; changing it makes the tokens in mails already sent unreadable.</summary>
    public string? TokenKey { get; set; }

    public bool WebhookConfigured => !string.IsNullOrEmpty(Username) && IsSecret(Password);

    public bool ReplyAddressesConfigured => !string.IsNullOrWhiteSpace(Domain) && IsSecret(TokenKey);

    /// <summary>
    /// Set, and not a Key Vault reference App Service could not resolve (the secret not yet in the vault): that
    /// literal text is no secret — the vault's URI is not hidden — so it counts as unset, never as a password or key.
    /// </summary>
    static bool IsSecret(string? value) =>
        !string.IsNullOrEmpty(value) && !value.TrimStart().StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase);
}
