// Loaded with `node.exe --import <this file>` under Wine: installs koffi-loader.mjs.
import { register } from 'node:module';

register('./koffi-loader.mjs', import.meta.url);
