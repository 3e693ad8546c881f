package rules

// All returns every rule lambdasec has, in ID order. The list is written
// out by hand: a new rule is one Rule value in its area's file and one line
// here (and its testdata/LSxxx fixtures).
func All() []*Rule {
	return []*Rule{
		publicInvoke,              // LS101
		crossAccountInvoke,        // LS102
		serviceWithoutSource,      // LS103
		functionURLNoAuth,         // LS104
		functionURLCORS,           // LS105
		layerExposure,             // LS106
		routeNoAuth,               // LS107
		noWAF,                     // LS108
		noThrottling,              // LS109
		exposurePath,              // LS110
		apiCORS,                   // LS111
		publicTriggerSource,       // LS112
		apiPolicyOpen,             // LS113
		apiNoAccessLog,            // LS114
		apiNoValidator,            // LS115
		apiGreedyProxy,            // LS116
		apiExtraneous,             // LS117
		roleAdmin,                 // LS201
		roleWildcard,              // LS202
		roleEscalation,            // LS203
		roleShared,                // LS204
		roleTrust,                 // LS205
		roleDataAccess,            // LS206
		roleResourceExposure,      // LS207
		roleCredentialExposure,    // LS208
		roleInvokeAny,             // LS209
		roleUnknownAction,         // LS210
		roleModifyAny,             // LS211
		functionChangeNoMFA,       // LS212
		sourceFunctionArn,         // LS213
		roleExcess,                // LS214
		envNoCMK,                  // LS301
		secretInEnv,               // LS302
		secretNoRotation,          // LS303
		secretInCode,              // LS304
		noEchoDefault,             // LS305
		singleAZ,                  // LS401
		openSecurityGroup,         // LS402
		vpcEndpointSubnets,        // LS403
		vpcEndpointPolicy,         // LS404
		vpcNoGatewayEndpoint,      // LS405
		vpcOnlyOutsideVPC,         // LS406
		openEgress,                // LS407
		sharedGroup,               // LS408
		domainTLS,                 // LS409
		listenerTLS,               // LS410
		httpListener,              // LS411
		deprecatedRuntime,         // LS501
		noCodeSigning,             // LS502
		noVersions,                // LS503
		layerForeign,              // LS504
		layerBehind,               // LS505
		tracingInactive,           // LS601
		confusableName,            // LS602
		trailManagementEvents,     // LS603
		trailDataEvents,           // LS604
		trailLogValidation,        // LS605
		trailKMS,                  // LS606
		permissionChangeAlert,     // LS607
		exposedNoAlarms,           // LS608
		logRetention,              // LS609
		logKMS,                    // LS610
		configLambda,              // LS611
		inspectorLambda,           // LS612
		guardDutyLambda,           // LS613
		noReservedConcurrency,     // LS701
		maxTimeout,                // LS702
		asyncNoDLQ,                // LS703
		timeoutOverAPI,            // LS704
		streamPoison,              // LS705
		sqsNoPartialBatch,         // LS706
		sharedSourceNoFilter,      // LS707
		permissionPublicAdded,     // LS801
		permissionUnknownAccount,  // LS802
		permissionServiceNoSource, // LS803
		urlAuthNone,               // LS804
		layerShared,               // LS805
		codeByStranger,            // LS806
		foreignLayerAdded,         // LS807
		roleChanged,               // LS808
		protectionRemoved,         // LS809
		concurrencyDeleted,        // LS810
		foreignEventSource,        // LS811
		unusualGetFunction,        // LS812
		invocationSpike,           // LS813
		invokedFromForeignAccount, // LS814
		deniedBurst,               // LS815
	}
}
