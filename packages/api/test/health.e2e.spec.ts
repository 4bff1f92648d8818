import { describeHealthRoute } from '@cafe/testkit/health-suite';

// GET /healthz of the built api (the contract shared by api, realtime and projector).
describeHealthRoute('api', 'agentcafe-api');
