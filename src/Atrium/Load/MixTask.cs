namespace Atrium.Load;

/// <summary>
/// The tasks of the <c>mix</c> scenario, each standing for one of Online Boutique's load generator tasks
/// (GoogleCloudPlatform/microservices-demo, src/loadgenerator/locustfile.py), with that task's weight.
/// </summary>
internal enum MixTask
{
    /// <summary>index (1): the first catalog page.</summary>
    Home,

    /// <summary>setCurrency (2): Atrium has no currency to set; the customer's account, the other per-customer setting.</summary>
    Account,

    /// <summary>browseProduct (10): a product page.</summary>
    Product,

    /// <summary>addToCart (2): Atrium has no cart; a catalog search, what a customer does before choosing.</summary>
    Search,

    /// <summary>viewCart (3): the customer's orders.</summary>
    MyOrders,

    /// <summary>checkout (1): place an order and follow it to its final state.</summary>
    Checkout,
}
