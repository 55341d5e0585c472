// Chinese street addresses and look-alikes: what content masking (maskPii in JavaScript,
// cl_mask_pii in SQL) must turn them into. One table for both, so the two stay the same rules.
export const addressCases: ReadonlyArray<[string, string]> = [
  // positives: province/city kept, district, street and number dropped
  ['北京市朝阳区建国路88号', '北京市***'],
  ['客户住址：北京市朝阳区建国路88号3单元，要求上门', '客户住址：北京市***，要求上门'],
  ['广东省深圳市南山区科技园路1号', '广东省深圳市***'],
  ['上海市浦东新区世纪大道100号', '上海市***'],
  ['四川省成都市武侯区人民南路四段27号', '四川省成都市***'],
  ['浙江省杭州市西湖区文三路 90 号', '浙江省杭州市***'],
  ['新疆维吾尔自治区乌鲁木齐市天山区解放北路12号', '新疆维吾尔自治区乌鲁木齐市***'],
  ['送货到朝阳区建国路88号2栋', '***'],
  // negatives: product descriptions, order numbers, dates and other numbers with 号
  ['型号X3第二代', '型号X3第二代'],
  ['路由器型号88号不能联网', '路由器型号88号不能联网'],
  ['我知道1号那天就坏了', '我知道1号那天就坏了'],
  ['我8月1号买的，地铁3号线附近门店', '我8月1号买的，地铁3号线附近门店'],
  ['北京市场部反馈3号批次有问题', '北京市场部反馈3号批次有问题'],
  ['订单号20260305123456', '订单号20260305123456'],
];
