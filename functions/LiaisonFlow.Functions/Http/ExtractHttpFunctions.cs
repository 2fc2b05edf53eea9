using LiaisonFlow.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace LiaisonFlow.Functions.Http;

/// <summary>Reading an LS document into the fields of a new LS. Routes mirror <see cref="ApiEndpoints"/>.</summary>
public sealed class ExtractHttpFunctions(DocumentExtractApi api)
{
    [Function(nameof(ExtractDocument))]
    public Task<IResult> ExtractDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "documents/extract")] HttpRequest req) =>
        api.ExtractAsync(req.HttpContext);
}
